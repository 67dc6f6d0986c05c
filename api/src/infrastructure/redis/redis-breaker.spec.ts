import { RedisBreaker } from './redis-breaker';

describe('RedisBreaker', () => {
  let now: number;
  const breaker = () => new RedisBreaker(1000, () => now);

  beforeEach(() => {
    now = 0;
  });

  it('lets every call through while Redis answers', () => {
    const redis = breaker();
    expect([redis.allow(), redis.allow(), redis.allow()]).toEqual([true, true, true]);
    expect(redis.open).toBe(false);
  });

  it('lets no call through for retryAfterMs after a failure', () => {
    const redis = breaker();
    redis.failed();
    now = 999;
    expect(redis.allow()).toBe(false);
    expect(redis.open).toBe(true);
  });

  it('then lets one call at a time try Redis again', () => {
    const redis = breaker();
    redis.failed();
    now = 1000;
    expect([redis.allow(), redis.allow()]).toEqual([true, false]);
  });

  it('waits another retryAfterMs when that call fails too', () => {
    const redis = breaker();
    redis.failed();
    now = 1000;
    redis.allow();
    redis.failed();
    now = 1999;
    expect(redis.allow()).toBe(false);
    now = 2000;
    expect(redis.allow()).toBe(true);
  });

  it('lets every call through again once one succeeds', () => {
    const redis = breaker();
    redis.failed();
    now = 1000;
    redis.allow();
    redis.succeeded();
    expect([redis.allow(), redis.allow()]).toEqual([true, true]);
    expect(redis.open).toBe(false);
  });
});
