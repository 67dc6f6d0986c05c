import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type ProblemBody } from '../common/problem-details.filter';
import { routeTemplateOf } from '../common/route-template';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isRateLimited, needsApiKey } from './access-policy';
import { ApiKeys, bearerTokenOf } from './api-keys';
import { RateLimiter } from './rate-limiter';
import { rateLimitHeaders } from './rate-window';

const REALM = 'Bearer realm="summer-trip-api"';

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
    fastify.addHook('onRequest', async (request, reply) => {
      const token = bearerTokenOf(request.headers.authorization);
      const keyId = token === undefined ? undefined : this.keys.identify(token);
      if (this.limiter.enabled && isRateLimited(routeTemplateOf(request))) {
        const decision = await this.limiter.hit(this.clientOf(request, keyId));
        if (decision) {
          void reply.headers(rateLimitHeaders(decision));
          if (!decision.allowed) throw tooManyRequests(decision.resetSeconds);
        }
      }
      if (
        !this.keys.enabled ||
        keyId ||
        !needsApiKey(request.method, routeTemplateOf(request), this.config.AUTH_READS_OPEN)
      )
        return;
      void reply.header('www-authenticate', token === undefined ? REALM : `${REALM}, error="invalid_token"`);
      throw new UnauthorizedException({
        detail:
          token === undefined
            ? 'This route needs an API key: Authorization: Bearer <key>'
            : 'The API key is not valid',
      } satisfies ProblemBody);
    });
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
