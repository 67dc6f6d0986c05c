import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig } from '../config/app-config';

/**
 * Security headers on every answer and, when CORS_ORIGINS names any, CORS for those origins.
 * Registered before the access hook, so that 401s and 429s carry the headers too.
 */
export async function registerHttpHardening(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // Swagger UI at /docs loads its scripts and styles from this origin; it sets inline
        // styles and shows data: images.
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Off: on plain http (a developer's machine) it would send Swagger UI's own files to https.
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
  });
  if (config.CORS_ORIGINS.length === 0) return;
  await app.register(cors, {
    origin: config.CORS_ORIGINS,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: [
      'Location',
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    // Keys travel in Authorization, never in cookies: browsers need not send credentials.
    credentials: false,
    maxAge: 600,
  });
}
