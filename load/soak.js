// Soak: the realistic mix at a steady RATE for a long DURATION, to find what only time reveals
// (memory growth, pool exhaustion, an outbox that falls behind); limits as strict as `load`.
import {
  envDuration,
  envNumber,
  mixScenario,
  profileOptions,
  realisticMix,
  seededData,
  thresholdsOf,
} from './lib.js';

const rate = envNumber('RATE', 15);

export const options = profileOptions({
  scenarios: {
    mix: mixScenario(
      [
        { target: rate, duration: '2m' },
        { target: rate, duration: envDuration('DURATION', '1h') },
        { target: 0, duration: '30s' },
      ],
      rate,
    ),
  },
  thresholds: thresholdsOf({ maxErrorRate: 0.01, p95: 300, p99: 1000 }),
});

export const setup = seededData;
export const traffic = realisticMix;
