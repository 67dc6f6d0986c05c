import { decide, rateLimitHeaders } from './rate-window';

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
