import { waitForStore } from './wait-for-store';

const failure = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('waitForStore', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => {}));
  afterEach(() => jest.restoreAllMocks());

  it('waits for a store that refuses connections until it answers', async () => {
    const connect = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(failure('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))
      .mockRejectedValueOnce(failure('the database system is starting up', '57P03'))
      .mockResolvedValue('connected');
    await expect(waitForStore('postgres', '127.0.0.1:5432', 10_000, connect)).resolves.toBe('connected');
    expect(connect).toHaveBeenCalledTimes(3);
  });

  it('gives up at once when the store answered with an error it would answer again', async () => {
    const connect = jest
      .fn<Promise<string>, []>()
      .mockRejectedValue(failure('password authentication failed for user "summer_trip"', '28P01'));
    const started = Date.now();
    await expect(waitForStore('postgres', '127.0.0.1:5432', 10_000, connect)).rejects.toThrow(
      'postgres at 127.0.0.1:5432 answered with an error: password authentication failed',
    );
    expect(connect).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up on a store that is still not there when the wait is over', async () => {
    const connect = jest
      .fn<Promise<string>, []>()
      .mockRejectedValue(failure('getaddrinfo EAI_AGAIN minio', 'EAI_AGAIN'));
    await expect(waitForStore('minio', 'minio:9000', 300, connect)).rejects.toThrow(
      'minio at minio:9000 did not answer within 0.3 s: getaddrinfo EAI_AGAIN minio',
    );
    expect(connect.mock.calls.length).toBeGreaterThan(1);
  });
});
