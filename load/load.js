// Load: the realistic mix at the rate the API should sustain, reached by a ramp, held, and
// ramped down. RATE (iterations started per second, most of them one request), RAMP and
// DURATION come from the environment.
import {
  envDuration,
  envNumber,
  mixScenario,
  profileOptions,
  realisticMix,
  seededData,
  thresholdsOf,
} from './lib.js';

const rate = envNumber('RATE', 20);

export const options = profileOptions({
  scenarios: {
    mix: mixScenario(
      [
        { target: rate, duration: envDuration('RAMP', '1m') },
        { target: rate, duration: envDuration('DURATION', '3m') },
        { target: 0, duration: '20s' },
      ],
      rate,
    ),
  },
  thresholds: thresholdsOf({ maxErrorRate: 0.01, p95: 300, p99: 1000 }),
});

export const setup = seededData;
export const traffic = realisticMix;
