import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningApp, useApp } from './support/app';
import { REDIS_RETRY_AFTER_MS } from '../src/infrastructure/redis/redis-breaker';
import { freePort } from './support/free-port';
import { stores } from './support/harness';
import { type ProblemBody, type UserBody, metricValue, uniqueEmail } from './support/users-and-groups';

const KEY = 'access-test-key-0123456789abcdef';
const OTHER_KEY = 'access-test-key-fedcba9876543210';
const ALLOWED_ORIGIN = 'https://app.example.com';
const BODY_LIMIT = 4096;

function send(
  running: RunningApp,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const json = init.body === undefined ? undefined : JSON.stringify(init.body);
  return fetch(`${running.baseUrl}${path}`, {
    method,
    headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: json,
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function expectProblem(response: Response, status: number): Promise<ProblemBody> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await response.json()) as ProblemBody;
  expect(problem.status).toBe(status);
  return problem;
}

/** Four random hex digits: one group of an IPv6 address. */
const randomGroup = () => randomBytes(2).toString('hex');

/**
 * A client of its own behind one proxy: a forged first hop (RFC 5737) and, as the hop the proxy
 * saw, a random address of IPv6's documentation prefix (RFC 3849). With 48 random bits two tests
 * do not share a rate-limit window, as one random byte of IPv4 did about one run in a hundred.
 */
const someClientAddress = () =>
  `192.0.2.${randomBytes(1)[0]}, 2001:db8::${randomGroup()}:${randomGroup()}:${randomGroup()}`;

describe('API keys, reads open', () => {
  const running = useApp({
    API_KEYS: `${KEY},${OTHER_KEY}`,
    CORS_ORIGINS: ALLOWED_ORIGIN,
    BODY_LIMIT_BYTES: String(BODY_LIMIT),
  });

  it('refuses a write without a key with 401 and WWW-Authenticate: Bearer, and changes nothing', async () => {
    const created = await send(running, 'POST', '/users', {
      body: { email: uniqueEmail(), name: 'Before' },
      headers: bearer(KEY),
    });
    const user = (await created.json()) as UserBody;
    const refused = await send(running, 'PATCH', `/users/${user.id}`, { body: { name: 'After' } });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="summer-trip-api"');
    expect((await expectProblem(refused, 401)).detail).toMatch(/needs an API key/);
    expect(((await (await send(running, 'GET', `/users/${user.id}`)).json()) as UserBody).name).toBe(
      'Before',
    );
  });

  it('refuses a wrong key, a prefix of a key and a key with more after it', async () => {
    for (const key of ['not-the-key-0123456789abcdef', KEY.slice(0, -1), `${KEY}0`]) {
      const refused = await send(running, 'POST', '/users', {
        body: { email: uniqueEmail(), name: 'Wrong key' },
        headers: bearer(key),
      });
      expect(refused.headers.get('www-authenticate')).toBe(
        'Bearer realm="summer-trip-api", error="invalid_token"',
      );
      expect((await expectProblem(refused, 401)).detail).toBe('The API key is not valid');
    }
  });

  it('lets every write through with any configured key', async () => {
    const created = await send(running, 'POST', '/users', {
      body: { email: uniqueEmail(), name: 'Keyed' },
      headers: bearer(KEY),
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as UserBody;
    const patched = await send(running, 'PATCH', `/users/${user.id}`, {
      body: { name: 'Renamed' },
      headers: bearer(OTHER_KEY),
    });
    expect(patched.status).toBe(200);
    expect((await send(running, 'DELETE', `/users/${user.id}`)).status).toBe(401);
    expect((await send(running, 'DELETE', `/users/${user.id}`, { headers: bearer(KEY) })).status).toBe(204);
  });

  it('answers reads without a key', async () => {
    expect((await send(running, 'GET', '/users?limit=1')).status).toBe(200);
  });

  it('documents the bearer scheme on write operations only', async () => {
    const document = (await (await send(running, 'GET', '/docs-json')).json()) as {
      components: { securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(document.components.securitySchemes['api-key']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/users'].post.security).toEqual([{ 'api-key': [] }]);
    expect(document.paths['/users'].post.responses).toHaveProperty('401');
    expect(document.paths['/users'].get.security).toBeUndefined();
    expect(document.paths['/health/live'].get.security).toBeUndefined();
  });

  it("sends security headers on answers, refusals included: all of helmet's on the docs, a strict CSP on JSON", async () => {
    const page = await send(running, 'GET', '/docs');
    const refusal = await send(running, 'POST', '/users', { body: {} });
    for (const response of [page, refusal]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    // JSON is never rendered as a page: it may load nothing and be framed nowhere.
    expect(refusal.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(refusal.headers.get('cross-origin-opener-policy')).toBeNull();
    // Swagger UI's page loads every script from this origin, which script-src 'self' allows.
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map(([, attributes]) => attributes);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toMatch(/src="\.\/docs\/[\w.-]+\.js"/);
    for (const asset of html.matchAll(/(?:src|href)="\.\/(docs\/[\w.-]+)"/g)) {
      expect((await send(running, 'GET', `/${asset[1]}`)).status).toBe(200);
    }
  });

  it('answers a CORS preflight of an allowed origin, and gives others no CORS headers', async () => {
    const preflight = (origin: string) =>
      send(running, 'OPTIONS', '/users', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    const denied = await preflight('https://evil.example.com');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    const read = await send(running, 'GET', '/users?limit=1', { headers: { origin: ALLOWED_ORIGIN } });
    expect(read.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(read.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('refuses a JSON body over BODY_LIMIT_BYTES with 413 problem+json and changes nothing', async () => {
    const created = await send(running, 'POST', '/users', {
      body: { email: uniqueEmail(), name: 'Small' },
      headers: bearer(KEY),
    });
    const user = (await created.json()) as UserBody;
    const oversize = await send(running, 'PATCH', `/users/${user.id}`, {
      body: { name: 'x'.repeat(BODY_LIMIT) },
      headers: bearer(KEY),
    });
    await expectProblem(oversize, 413);
    expect(((await (await send(running, 'GET', `/users/${user.id}`)).json()) as UserBody).name).toBe('Small');
  });
});

describe('API keys, reads closed', () => {
  const running = useApp({ API_KEYS: KEY, AUTH_READS_OPEN: 'false' });

  it('needs a key for reads too', async () => {
    const refused = await send(running, 'GET', '/users?limit=1');
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="summer-trip-api"');
    await expectProblem(refused, 401);
    expect((await send(running, 'GET', '/users?limit=1', { headers: bearer(KEY) })).status).toBe(200);
  });

  it('keeps health and the docs open', async () => {
    for (const path of ['/health/live', '/docs', '/docs/swagger-ui-init.js', '/docs-json'])
      expect((await send(running, 'GET', path)).status).toBe(200);
  });

  it('documents the key on read operations as well', async () => {
    const document = (await (await send(running, 'GET', '/docs-json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    expect(document.paths['/users'].get.security).toEqual([{ 'api-key': [] }]);
    expect(document.paths['/health/ready'].get.security).toBeUndefined();
  });
});

describe('rate limits', () => {
  const WINDOW_SECONDS = 2;
  const MAX = 3;
  // Behind a trusted proxy (the tests connect from the loopback, as an ingress on this host
  // would), every test is a client of its own (X-Forwarded-For): counts of other apps on this
  // machine sharing Redis cannot reach its counter.
  const running = useApp({
    API_KEYS: KEY,
    RATE_LIMIT_MAX: String(MAX),
    RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    TRUST_PROXY: 'loopback',
  });

  const read = (client: string, headers: Record<string, string> = {}) =>
    send(running, 'GET', '/users?limit=1', { headers: { 'x-forwarded-for': client, ...headers } });

  it(`answers 429 with Retry-After after ${MAX} requests in a window, then lets the client in again`, async () => {
    const client = someClientAddress();
    const remaining: string[] = [];
    for (let request = 0; request < MAX; request++) {
      const answer = await read(client);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe(String(MAX));
      remaining.push(answer.headers.get('ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await read(client);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(limited.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    expect((await expectProblem(limited, 429)).detail).toMatch(/Too many requests/);

    await sleep(retryAfter * 1000 + 100);
    const again = await read(client);
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe(String(MAX - 1));
  });

  it('counts a key holder apart from its address, and never limits health', async () => {
    const client = someClientAddress();
    for (let request = 0; request <= MAX; request++) await read(client);
    expect((await read(client)).status).toBe(429);
    const keyHolder = await read(client, bearer(KEY));
    expect(keyHolder.status).toBe(200);
    expect(keyHolder.headers.get('ratelimit-remaining')).toBe(String(MAX - 1));
    const probe = await send(running, 'GET', '/health/live', { headers: { 'x-forwarded-for': client } });
    expect(probe.status).toBe(200);
    expect(probe.headers.get('ratelimit-limit')).toBeNull();
  });

  it('limits a client that keeps trying keys like any other', async () => {
    const client = someClientAddress();
    const statuses: number[] = [];
    for (let request = 0; request <= MAX; request++) {
      const answer = await send(running, 'POST', '/users', {
        body: {},
        headers: { 'x-forwarded-for': client, ...bearer(`guess-${request}-0123456789abcdef`) },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe.each([
  ['without a trusted proxy', {}],
  ['from a peer that is not the trusted proxy', { TRUST_PROXY: '10.0.0.0/8' }],
])('rate limits %s', (_, proxy: Record<string, string>) => {
  const running = useApp({ RATE_LIMIT_MAX: '100000', RATE_LIMIT_WINDOW_SECONDS: '60', ...proxy });

  it('ignores X-Forwarded-For: a client cannot pose as another to escape its limit', async () => {
    const remainingAfter = async () => {
      const answer = await send(running, 'GET', '/users?limit=1', {
        headers: { 'x-forwarded-for': someClientAddress() },
      });
      return Number(answer.headers.get('ratelimit-remaining'));
    };
    const first = await remainingAfter();
    expect(await remainingAfter()).toBeLessThan(first);
  });
});

describe('rate limits while Redis is unreachable', () => {
  // The shared Redis stays up: this app is pointed at a free port, where nothing listens.
  const running = useApp(async () => ({ REDIS_PORT: String(await freePort()), RATE_LIMIT_MAX: '1' }));

  it('lets every request through without RateLimit headers, and counts them as unchecked', async () => {
    const unchecked = () => metricValue(running, 'rate_limit_requests_total', { result: 'unchecked' });
    const before = await unchecked();
    for (let request = 0; request < 3; request++) {
      const started = Date.now();
      const answer = await send(running, 'GET', '/users?limit=1');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBeNull();
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect(await unchecked()).toBe(before + 3);
  });
});

// The shared Redis itself, paused as a hung server is, and resumed whatever the test's outcome.
describe('rate limits while Redis hangs', () => {
  // Declared before the app, so that Redis is back before the app closes (hooks run in that order).
  afterAll(() => stores('resume', 'redis'));
  const running = useApp({ RATE_LIMIT_MAX: '100000', TRUST_PROXY: 'loopback' });

  const read = (client: string) =>
    send(running, 'GET', '/users?limit=1', { headers: { 'x-forwarded-for': client } });

  it("waits out one new client's check, lets the next ones through at once, and limits again once Redis answers", async () => {
    const timedOutChecks = () =>
      metricValue(running, 'store_operation_errors_total', {
        store: 'redis',
        operation: 'rate-limit',
        reason: 'unavailable',
      });
    const unchecked = () => metricValue(running, 'rate_limit_requests_total', { result: 'unchecked' });
    const [timedOutBefore, uncheckedBefore] = [await timedOutChecks(), await unchecked()];

    await stores('pause', 'redis');
    try {
      // Each new client's first request would wait for Redis: the first waits out its budget,
      // the next ones skip Redis, but for one a second.
      for (let client = 0; client < 10; client++) {
        const answer = await read(someClientAddress());
        expect(answer.status).toBe(200);
        expect(answer.headers.get('ratelimit-limit')).toBeNull();
      }
      expect(await unchecked()).toBe(uncheckedBefore + 10);
      expect((await timedOutChecks()) - timedOutBefore).toBeGreaterThanOrEqual(1);
      expect((await timedOutChecks()) - timedOutBefore).toBeLessThanOrEqual(3);
    } finally {
      await stores('resume', 'redis');
    }

    await sleep(REDIS_RETRY_AFTER_MS + 200);
    const afterwards = await read(someClientAddress());
    expect(afterwards.status).toBe(200);
    expect(afterwards.headers.get('ratelimit-limit')).toBe('100000');
  });
});
