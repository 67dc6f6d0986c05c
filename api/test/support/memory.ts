import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Watches the RSS of this process (the app's and the test's) and reports its peak growth. A
 * young-generation collection before each sample frees the chunks a transfer is done with, so
 * the peak shows what the process holds rather than garbage the collector had not reached yet:
 * without it, it mostly measures when GC happened to run.
 */
export function watchRssGrowth(intervalMs = 20): { stop: () => number } {
  const collectYoungGeneration = youngGenerationCollector();
  collectYoungGeneration();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    collectYoungGeneration();
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    /** Stops watching; returns the peak growth over the baseline, in bytes. */
    stop: () => {
      clearInterval(timer);
      return peak - baseline;
    },
  };
}

function youngGenerationCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (options: { type: 'minor' }) => void;
  return () => gc({ type: 'minor' });
}
