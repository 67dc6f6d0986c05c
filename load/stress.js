// Stress: the realistic mix in steps up to RATE iterations per second (each step held for STEP),
// to find where latency bends and to make the HPA add pods; looser limits than `load`.
import {
  envDuration,
  envNumber,
  mixScenario,
  profileOptions,
  realisticMix,
  seededData,
  thresholdsOf,
} from './lib.js';

const peak = envNumber('RATE', 200);
const step = envDuration('STEP', '2m');

export const options = profileOptions({
  scenarios: {
    mix: mixScenario(
      [0.25, 0.5, 0.75, 1]
        .flatMap((share) => [
          { target: Math.round(peak * share), duration: '30s' },
          { target: Math.round(peak * share), duration: step },
        ])
        .concat([{ target: 0, duration: '30s' }]),
      peak,
    ),
  },
  thresholds: thresholdsOf({ maxErrorRate: 0.05, p95: 1500, p99: 5000 }),
});

export const setup = seededData;
export const traffic = realisticMix;
