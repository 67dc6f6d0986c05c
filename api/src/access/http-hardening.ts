import cors from '@fastify/cors';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { routeTemplateOf } from '../common/route-template';
import { type AppConfig } from '../config/app-config';

/**
 * The headers helmet sets, worked out once: they are the same on every answer, and building
 * them per request (as @fastify/helmet does, parsing the CSP each time) cost a tenth of a cached
 * read's CPU time.
 */
function securityHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  // Invalid options throw when helmet is built; built, it only sets headers and calls next.
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

// Swagger UI's page and its assets: the only HTML this API serves.
const DOCUMENT_ROUTE = /^\/docs(\/|$)/;

// What an answer that is not a web page needs (OWASP REST Security Cheat Sheet): it may not be
// framed, sniffed into another type, embedded by another site or run as a page; HTTPS stays on.
const API_HEADERS = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-resource-policy',
];
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers on every answer and, when CORS_ORIGINS names any, CORS for those origins.
 * The documentation's pages get all of helmet's; JSON answers get the few that apply to them,
 * since each header is work on every request. Registered before the access hook, so that 401s
 * and 429s carry the headers too.
 */
export async function registerHttpHardening(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const documentHeaders = securityHeaders({
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
  const apiHeaders: Record<string, string> = {
    ...Object.fromEntries(API_HEADERS.map((name) => [name, documentHeaders[name]])),
    'content-security-policy': API_CONTENT_SECURITY_POLICY,
  };
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.headers(DOCUMENT_ROUTE.test(routeTemplateOf(request)) ? documentHeaders : apiHeaders);
      done();
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
