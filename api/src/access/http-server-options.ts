import { type FastifyServerOptions } from 'fastify';
import { type AppConfig } from '../config/app-config';

/** What Fastify must know when it is created: it fixes both for the life of the server. */
export function httpServerOptions(config: AppConfig): Pick<FastifyServerOptions, 'bodyLimit' | 'trustProxy'> {
  return { bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: config.TRUST_PROXY };
}
