import { RateWindows, decide, rateLimitHeaders } from './rate-window';

describe('decide', () => {
  it('allows up to the limit and counts down what remains', () => {
    expect(decide(1, 60_000, 3)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 60 });
    expect(decide(3, 59_001, 3)).toEqual({ allowed: true, limit: 3, remaining: 0, resetSeconds: 60 });
  });

  it('refuses past the limit, never with a negative remainder', () => {
    expect(decide(4, 1500, 3)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 2 });
  });

  it('never tells a client to come back in zero seconds', () => {
    expect(decide(9, 0, 3).resetSeconds).toBe(1);
  });
});

describe('rateLimitHeaders', () => {
  it('adds Retry-After only to a refusal', () => {
    expect(rateLimitHeaders(decide(1, 10_000, 5))).toEqual({
      'ratelimit-limit': '5',
      'ratelimit-remaining': '4',
      'ratelimit-reset': '10',
    });
    expect(rateLimitHeaders(decide(6, 10_000, 5))).toMatchObject({
      'retry-after': '10',
      'ratelimit-remaining': '0',
    });
  });
});

describe('RateWindows', () => {
  const LIMIT = 3;
  const T0 = 1_000_000;

  /** A client whose window Redis opened at T0 with `count` requests, ending 10 s later. */
  function windowsWith(count: number): RateWindows {
    const windows = new RateWindows(LIMIT);
    windows.synced('a', windows.take('a', 1), count, 10_000, T0);
    return windows;
  }

  it('leaves a client it has no window for to Redis', () => {
    expect(new RateWindows(LIMIT).hit('a', T0)).toBeUndefined();
  });

  it('counts within a window on top of what Redis answered, refusals included', () => {
    const windows = windowsWith(1);
    expect(windows.hit('a', T0 + 1000)).toEqual({ allowed: true, limit: 3, remaining: 1, resetSeconds: 9 });
    expect(windows.hit('a', T0 + 2000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(windows.hit('a', T0 + 3000)).toMatchObject({ allowed: false, resetSeconds: 7 });
    expect(windows.takeAll(T0 + 3000)).toEqual([{ client: 'a', count: 3 }]);
  });

  it('leaves a client to Redis again once its window has ended', () => {
    const windows = windowsWith(3);
    expect(windows.hit('a', T0 + 9999)).toMatchObject({ allowed: false });
    expect(windows.hit('a', T0 + 10_000)).toBeUndefined();
  });

  it('counts what other replicas added as soon as a sync brings it', () => {
    const windows = windowsWith(1);
    windows.synced('a', 0, 3, 9000, T0 + 1000);
    expect(windows.hit('a', T0 + 1000)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('keeps requests counted while a sync is in flight, without counting them twice', () => {
    const windows = windowsWith(1);
    windows.hit('a', T0 + 100);
    const [sent] = windows.takeAll(T0 + 100);
    expect(sent).toEqual({ client: 'a', count: 1 });
    // Counted while the sync is in flight: the one sent still counts, the new one waits.
    expect(windows.hit('a', T0 + 150)).toMatchObject({ remaining: 0 });
    // Redis answers 2 for this window (the first request and the one sent).
    windows.synced('a', sent.count, 2, 9800, T0 + 200);
    expect(windows.takeAll(T0 + 200)).toEqual([{ client: 'a', count: 1 }]);
    expect(windows.hit('a', T0 + 250)).toMatchObject({ allowed: false });
  });

  it('sends the counts of a failed sync with the next one', () => {
    const windows = windowsWith(1);
    windows.hit('a', T0 + 100);
    const [sent] = windows.takeAll(T0 + 100);
    windows.hit('a', T0 + 150);
    windows.unsynced('a', sent.count);
    expect(windows.takeAll(T0 + 200)).toEqual([{ client: 'a', count: 2 }]);
  });

  it('does not count a request that went through unchecked', () => {
    const windows = new RateWindows(LIMIT);
    windows.unsynced('a', windows.take('a', 1), 1);
    expect(windows.takeAll(T0)).toEqual([]);
    expect(windows.size).toBe(0);
  });

  it('forgets a client once its window has ended and everything is sent', () => {
    const windows = windowsWith(1);
    windows.hit('a', T0 + 9000);
    expect(windows.takeAll(T0 + 10_000)).toEqual([{ client: 'a', count: 1 }]);
    expect(windows.takeAll(T0 + 10_000)).toEqual([]);
    expect(windows.size).toBe(1); // its count is still in flight
    windows.synced('a', 1, 2, 1, T0 + 10_000);
    windows.takeAll(T0 + 10_001);
    expect(windows.size).toBe(0);
  });
});
