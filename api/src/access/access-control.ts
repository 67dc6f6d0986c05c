import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type ProblemBody } from '../common/problem-details.filter';
import { routeTemplateOf } from '../common/route-template';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isRateLimited, needsApiKey } from './access-policy';
import { ApiKeys, bearerTokenOf } from './api-keys';
import { RateLimiter } from './rate-limiter';
import { type RateLimitDecision, rateLimitHeaders } from './rate-window';

const REALM = 'Bearer realm="summer-trip-api"';

/** Who calls: the bearer token sent, and the id of the key it is, if it is one. */
interface Caller {
  token: string | undefined;
  keyId: string | undefined;
}

/**
 * Who may call what, checked before a body is read: the client's rate limit first (so that
 * guessing keys is limited too), then the API key of routes that need one.
 */
@Injectable()
export class AccessControl {
  private readonly logger = new Logger(AccessControl.name);

  constructor(
    private readonly keys: ApiKeys,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Configuration refuses to start in production without keys; elsewhere this is said once.
    if (!keys.enabled) this.logger.warn('API_KEYS is empty: authentication is off and every route is open');
  }

  attach(fastify: FastifyInstance): void {
    // A callback, not an async hook: most requests are decided without waiting for Redis, and an
    // async hook would cost each a promise and a turn of the microtask queue.
    fastify.addHook('onRequest', (request, reply, done) => {
      const token = bearerTokenOf(request.headers.authorization);
      const caller: Caller = { token, keyId: token === undefined ? undefined : this.keys.identify(token) };
      const route = routeTemplateOf(request);
      if (!this.limiter.enabled || !isRateLimited(route)) return done(this.refusal(request, reply, caller));
      const decision = this.limiter.hit(this.clientOf(request, caller.keyId));
      if (!(decision instanceof Promise)) return done(this.refusal(request, reply, caller, decision));
      decision.then((answer) => done(this.refusal(request, reply, caller, answer)), done);
    });
  }

  /** Why the request is refused, if it is: over its rate limit, or without a key it needs. */
  private refusal(
    request: FastifyRequest,
    reply: FastifyReply,
    { token, keyId }: Caller,
    decision?: RateLimitDecision,
  ): HttpException | undefined {
    if (decision) {
      void reply.headers(rateLimitHeaders(decision));
      if (!decision.allowed) return tooManyRequests(decision.resetSeconds);
    }
    if (
      !this.keys.enabled ||
      keyId ||
      !needsApiKey(request.method, routeTemplateOf(request), this.config.AUTH_READS_OPEN)
    )
      return undefined;
    void reply.header('www-authenticate', token === undefined ? REALM : `${REALM}, error="invalid_token"`);
    return new UnauthorizedException({
      detail:
        token === undefined
          ? 'This route needs an API key: Authorization: Bearer <key>'
          : 'The API key is not valid',
    } satisfies ProblemBody);
  }

  /** A key's holder is one client wherever it calls from; without a key, the address is. */
  private clientOf(request: FastifyRequest, keyId: string | undefined): string {
    return keyId ? `key:${keyId}` : `ip:${request.ip}`;
  }
}

function tooManyRequests(retryAfterSeconds: number): HttpException {
  const detail = `Too many requests from this client: try again in ${retryAfterSeconds} s`;
  return new HttpException({ detail } satisfies ProblemBody, HttpStatus.TOO_MANY_REQUESTS);
}
