/**
 * Concurrent calls for one key share a single run of their work: a cold key read by a hundred
 * requests at once costs one load, not a hundred (no stampede).
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const current = this.inFlight.get(key);
    if (current) return current as Promise<T>;
    const flight = work().finally(() => {
      if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
    });
    this.inFlight.set(key, flight);
    return flight;
  }

  /**
   * Later callers of keys starting with `prefix` start a new run rather than join one that may
   * have read data a write has replaced.
   */
  forget(prefix: string): void {
    for (const key of this.inFlight.keys()) if (key.startsWith(prefix)) this.inFlight.delete(key);
  }
}
