import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import Redis, { type ChainableCommander } from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { withTimeout } from '../common/with-timeout';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisBreaker } from '../infrastructure/redis/redis-breaker';
import { StoreOperations } from '../infrastructure/store-operations';
import { type ClientCount, type RateLimitDecision, RateWindows, decide } from './rate-window';

// A fixed window per client that starts at its first request: one call adds the requests a
// replica counted and reads how long the window has left. The expiry is also set when missing
// (a new key has none), so a counter can never outlive its window.
const HIT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

type HitAnswer = [count: number, ttlMs: number];

interface RedisWithHit extends Redis {
  rateLimitHit(key: string, windowMs: number, requests: number): Promise<HitAnswer>;
}

interface PipelineWithHit extends ChainableCommander {
  rateLimitHit(key: string, windowMs: number, requests: number): PipelineWithHit;
}

// A reachable Redis answers in about a millisecond; a hung one must not hold requests up.
const REDIS_BUDGET_MS = 250;
const WARN_EVERY_MS = 10_000;

/**
 * Counts each client's requests per window, shared through Redis. A round trip per request was
 * the largest cost of a cached read, so only a client's first request of a window waits for
 * Redis (which tells it what other replicas counted); later ones are counted and decided here,
 * and every RATE_LIMIT_SYNC_MS one pipeline adds them to Redis and brings back the others'.
 * Between two syncs no replica sees what the others admitted, so N replicas let a client
 * through at most N x (its requests per sync interval) past its limit: a bound traded for
 * not paying a round trip on every request.
 *
 * Redis only protects the API here: a request that needs a round trip while Redis is
 * unavailable is let through (fail open), counted as unchecked and logged at most every 10 s;
 * clients with a live window keep being decided here, and failed syncs keep their counts. After
 * a failure, the shared RedisBreaker lets such requests through at once rather than each
 * waiting out the budget, and holds syncs back, until a call to Redis succeeds again.
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly decisions: Counter<'result'>;
  private readonly redis: RedisWithHit;
  private readonly windows: RateWindows;
  private syncTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private lastWarnAt = 0;

  constructor(
    redis: Redis,
    private readonly store: StoreOperations,
    private readonly breaker: RedisBreaker,
    registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
    this.redis = redis as RedisWithHit;
    this.windows = new RateWindows(config.RATE_LIMIT_MAX);
    this.decisions = new Counter({
      name: 'rate_limit_requests_total',
      help: 'Requests checked against their client rate limit: allowed, limited (429), or unchecked because Redis was unavailable (let through)',
      labelNames: ['result'],
      registers: [registry],
    });
  }

  get enabled(): boolean {
    return this.config.RATE_LIMIT_MAX > 0;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.syncTimer = setInterval(() => void this.sync(), this.config.RATE_LIMIT_SYNC_MS);
    this.syncTimer.unref();
  }

  /**
   * Sends what was counted since the last sync, so that other replicas see it. Once the server
   * has closed, so that requests of the shutdown grace are in it; before Redis, a global module,
   * is closed.
   */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.syncTimer);
    await this.syncing;
    await this.sync();
  }

  /**
   * Counts a request of `client`. Decided here while the client's window is live; otherwise
   * Redis decides, and undefined means it could not say, and the request goes on.
   */
  hit(client: string): RateLimitDecision | Promise<RateLimitDecision | undefined> {
    const decision = this.windows.hit(client, Date.now());
    if (decision) return this.counted(decision);
    return this.hitInRedis(client).then((answer) => this.counted(answer));
  }

  private counted<T extends RateLimitDecision | undefined>(decision: T): T {
    this.decisions.inc({ result: decision ? (decision.allowed ? 'allowed' : 'limited') : 'unchecked' });
    return decision;
  }

  /** The first request of a window: counted in Redis, which tells what other replicas counted. */
  private async hitInRedis(client: string): Promise<RateLimitDecision | undefined> {
    if (!this.breaker.allow()) return undefined;
    const sent = this.windows.take(client, 1);
    try {
      const [count, ttlMs] = await this.store.run('redis', 'rate-limit', () =>
        withTimeout(
          this.redis.rateLimitHit(keyOf(client), this.windowMs, sent),
          REDIS_BUDGET_MS,
          'rate limit check',
        ),
      );
      this.breaker.succeeded();
      this.windows.synced(client, sent, count, ttlMs, Date.now());
      return decide(count, ttlMs, this.config.RATE_LIMIT_MAX);
    } catch (error) {
      this.breaker.failed();
      this.windows.unsynced(client, sent, 1);
      this.warn(error, 'Redis unavailable: requests are not rate limited');
      return undefined;
    }
  }

  /** One sync at a time: a slow Redis delays the next one instead of piling them up. */
  private sync(): Promise<void> {
    this.syncing ??= this.sendCounts().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async sendCounts(): Promise<void> {
    const counts = this.windows.takeAll(Date.now());
    if (counts.length === 0) return;
    if (!this.breaker.allow()) {
      for (const { client, count } of counts) this.windows.unsynced(client, count);
      return;
    }
    try {
      const answers = await this.store.run('redis', 'rate-limit-sync', () => this.pipelineOf(counts).exec());
      this.breaker.succeeded();
      const now = Date.now();
      counts.forEach(({ client, count }, index) => {
        const [error, answer] = answers?.[index] ?? [new Error('no answer')];
        if (error) return this.windows.unsynced(client, count);
        const [total, ttlMs] = answer as HitAnswer;
        this.windows.synced(client, count, total, ttlMs, now);
      });
    } catch (error) {
      this.breaker.failed();
      for (const { client, count } of counts) this.windows.unsynced(client, count);
      this.warn(error, 'Redis unavailable: rate limit counts wait for the next sync');
    }
  }

  private pipelineOf(counts: ClientCount[]): ChainableCommander {
    const pipeline = this.redis.pipeline() as PipelineWithHit;
    for (const { client, count } of counts) pipeline.rateLimitHit(keyOf(client), this.windowMs, count);
    return pipeline;
  }

  private get windowMs(): number {
    return this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  }

  private warn(error: unknown, message: string): void {
    if (Date.now() - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = Date.now();
    this.logger.warn({ err: error }, message);
  }
}

function keyOf(client: string): string {
  return `rate-limit:${client}`;
}
