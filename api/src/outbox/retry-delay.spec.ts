import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('waits half a second after the first failure and doubles after each next one', () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('never waits longer than ten seconds, however many failures', () => {
    expect(retryDelayMs(6)).toBe(10_000);
    expect(retryDelayMs(1000)).toBe(10_000);
  });
});
