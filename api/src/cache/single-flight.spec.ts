import { SingleFlight } from './single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('runs the work once for concurrent calls of one key and gives each caller its result', async () => {
    const flights = new SingleFlight();
    const load = deferred<string>();
    const work = jest.fn(() => load.promise);
    const results = Promise.all(Array.from({ length: 20 }, () => flights.run('user:1', work)));
    load.resolve('ada');
    expect(await results).toEqual(Array(20).fill('ada'));
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs the work of different keys separately', async () => {
    const flights = new SingleFlight();
    const results = await Promise.all([
      flights.run('user:1', () => Promise.resolve('one')),
      flights.run('user:2', () => Promise.resolve('two')),
    ]);
    expect(results).toEqual(['one', 'two']);
  });

  it('runs the work again once the previous run has settled, even after a failure', async () => {
    const flights = new SingleFlight();
    await expect(flights.run('user:1', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(flights.run('user:1', () => Promise.resolve('back'))).resolves.toBe('back');
  });

  it('shares a failure with every caller of the run', async () => {
    const flights = new SingleFlight();
    const load = deferred<string>();
    const joiner = jest.fn(() => Promise.resolve('would have succeeded'));
    const calls = [flights.run('user:1', () => load.promise), flights.run('user:1', joiner)];
    load.reject(new Error('postgres is unavailable'));
    for (const call of calls) await expect(call).rejects.toThrow('postgres is unavailable');
    expect(joiner).not.toHaveBeenCalled();
  });

  it('starts a new run for callers that come after forget, while the old run finishes for its callers', async () => {
    const flights = new SingleFlight();
    const stale = deferred<string>();
    const fresh = deferred<string>();
    const before = flights.run('user:1', () => stale.promise);
    flights.forget('user:1');
    const after = flights.run('user:1', () => fresh.promise);
    stale.resolve('stale');
    expect(await before).toBe('stale');
    // The old run settling must not drop the new one, still in flight: a caller now joins it.
    const third = jest.fn(() => Promise.resolve('third'));
    const joined = flights.run('user:1', third);
    fresh.resolve('fresh');
    expect([await after, await joined]).toEqual(['fresh', 'fresh']);
    expect(third).not.toHaveBeenCalled();
  });
});
