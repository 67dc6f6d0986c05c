// Spike: a quiet BASE_RATE, then within seconds SPIKE_RATE iterations per second held for
// DURATION (long enough for the HPA to scale out and the new pods to take traffic), then quiet.
import {
  envDuration,
  envNumber,
  mixScenario,
  profileOptions,
  realisticMix,
  seededData,
  thresholdsOf,
} from './lib.js';

const base = envNumber('BASE_RATE', 10);
const spike = envNumber('SPIKE_RATE', 300);

export const options = profileOptions({
  scenarios: {
    mix: mixScenario(
      [
        { target: base, duration: '30s' },
        { target: base, duration: '1m' },
        { target: spike, duration: '10s' },
        { target: spike, duration: envDuration('DURATION', '4m') },
        { target: base, duration: '10s' },
        { target: base, duration: '2m' },
        { target: 0, duration: '10s' },
      ],
      spike,
    ),
  },
  thresholds: thresholdsOf({ maxErrorRate: 0.05, p95: 2000, p99: 5000 }),
});

export const setup = seededData;
export const traffic = realisticMix;
