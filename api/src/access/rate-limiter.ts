import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { withTimeout } from '../common/with-timeout';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { StoreOperations } from '../infrastructure/store-operations';
import { type RateLimitDecision, decide } from './rate-window';

// A fixed window per client that starts at its first request: one round trip (EVALSHA) counts
// the request and reads how long the window has left. The expiry is also set when missing, so a
// counter can never outlive its window.
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

interface RedisWithHit extends Redis {
  rateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
}

// A reachable Redis answers in about a millisecond; a hung one must not hold requests up.
const REDIS_BUDGET_MS = 250;
const WARN_EVERY_MS = 10_000;

/**
 * Counts each client's requests in Redis. Redis only protects the API here: while it is
 * unavailable requests are let through (fail open), counted and logged at most every 10 s.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly decisions: Counter<'result'>;
  private readonly redis: RedisWithHit;
  private lastWarnAt = 0;

  constructor(
    redis: Redis,
    private readonly store: StoreOperations,
    registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
    this.redis = redis as RedisWithHit;
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

  /** Counts a request of `client`; undefined when Redis could not say, and the request goes on. */
  async hit(client: string): Promise<RateLimitDecision | undefined> {
    const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    try {
      const [count, ttlMs] = await this.store.run('redis', 'rate-limit', () =>
        withTimeout(
          this.redis.rateLimitHit(`rate-limit:${client}`, windowMs),
          REDIS_BUDGET_MS,
          'rate limit check',
        ),
      );
      const decision = decide(count, ttlMs, this.config.RATE_LIMIT_MAX);
      this.decisions.inc({ result: decision.allowed ? 'allowed' : 'limited' });
      return decision;
    } catch (error) {
      this.decisions.inc({ result: 'unchecked' });
      if (Date.now() - this.lastWarnAt >= WARN_EVERY_MS) {
        this.lastWarnAt = Date.now();
        this.logger.warn({ err: error }, 'Redis unavailable: requests are not rate limited');
      }
      return undefined;
    }
  }
}
