import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { v4 as uuidv4 } from 'uuid';
import { type BuiltApi, type LogLine, startBuiltApi } from './support/built-api';
import { startUploadNeverFinished } from './support/file-uploads';
import { eventually } from './support/harness';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { scrape, valueOf } from './support/prometheus-scrape';

const SERVER = 2; // OTLP SpanKind

/** Starts the built API exporting its traces to `endpoint`, in batches every 100 ms. */
function startTracedApi(endpoint: string, env: Record<string, string> = {}): Promise<BuiltApi> {
  return startBuiltApi({
    SHUTDOWN_GRACE_MS: '0',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    ...env,
  });
}

/** The trace id on the request line of `requestId`, once that line is written (in batches). */
function loggedTraceId(logs: LogLine[], requestId: string): Promise<string> {
  return eventually(() => {
    const id = logs.find((line) => line.req?.id === requestId)?.trace_id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    return Promise.resolve(id!);
  }, 5_000);
}

describe('tracing of the built API over OTLP', () => {
  const receiver = new OtlpReceiver();
  let endpoint: string;
  let api: BuiltApi;
  let baseUrl: string;
  let logs: LogLine[];

  beforeAll(async () => {
    endpoint = await receiver.start();
    api = await startTracedApi(endpoint);
    ({ baseUrl, logs } = api);
  });

  afterAll(async () => {
    if (api?.process.exitCode === null) api.process.kill('SIGKILL');
    await receiver.stop();
  });

  async function post<T>(route: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${baseUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as T;
  }
  const createUser = (name: string) =>
    post<{ id: string }>('/users', { email: `user-${uuidv4()}@example.com`, name });

  it('logs a request whose client left before its answer as aborted, with its route', async () => {
    const socket = await startUploadNeverFinished(baseUrl, '/storage/upload');
    // The upload waits for the rest of its body once the API has routed it.
    await eventually(
      async () => expect(valueOf(await scrape(api.metricsUrl), 'http_server_requests_in_flight')).toBe(1),
      5000,
    );
    socket.destroy();

    // The log is written in batches, at least once a second.
    await eventually(() => {
      const aborted = logs.filter((line) => line.msg === 'request aborted');
      expect(aborted.map((line) => line.route)).toEqual(['/storage/upload']);
      return Promise.resolve();
    }, 5000);
  });

  it('follows a client trace through HTTP and the five stores, and names it in the request logs', async () => {
    const [alice, bob] = [await createUser('Alice'), await createUser('Bob')];
    // One operation of a client, made of four API calls, as a browser or a gateway traces it.
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const traced = (requestId: string) => ({
      traceparent: `00-${traceId}-${clientSpanId}-01`,
      'x-request-id': requestId,
      authorization: 'Bearer very-secret-token',
    });
    const befriended = await fetch(`${baseUrl}/users/${alice.id}/friends/${bob.id}`, {
      method: 'PUT',
      headers: traced('befriend-1'),
    });
    expect(befriended.status).toBeLessThan(300);
    expect(befriended.headers.get('x-request-id')).toBe('befriend-1');
    expect((await fetch(`${baseUrl}/users/${alice.id}`, { headers: traced('read-1') })).status).toBe(200);
    await post(
      '/messages',
      { conversationId: uuidv4(), senderId: alice.id, body: 'Hi' },
      traced('message-1'),
    );
    const form = new FormData();
    form.append('file', new Blob([randomBytes(512)], { type: 'image/png' }), 'photo.png');
    const uploaded = await fetch(`${baseUrl}/storage/upload`, {
      method: 'POST',
      body: form,
      headers: traced('upload-1'),
    });
    expect(uploaded.status).toBe(201);

    const servers = [
      'PUT /users/:id/friends/:friendId',
      'GET /users/:id',
      'POST /messages',
      'POST /storage/upload',
    ];
    const spans = await eventually(() => {
      const ofTrace = receiver.spans.filter((span) => span.traceId === traceId);
      expect(
        ofTrace
          .filter((span) => span.kind === SERVER)
          .map((span) => span.name)
          .sort(),
      ).toEqual([...servers].sort());
      expect(new Set(ofTrace.map((span) => span.attributes['db.system.name']))).toEqual(
        new Set([undefined, 'postgresql', 'redis', 'neo4j', 'cassandra', 'minio']),
      );
      return Promise.resolve(ofTrace);
    }, 15_000);

    expect(new Set(spans.map((span) => span.serviceName))).toEqual(new Set(['summer-trip-api']));
    // Each request continues the client's span, and every store call hangs below a request.
    for (const server of spans.filter((span) => span.kind === SERVER)) {
      expect(server.parentSpanId).toBe(clientSpanId);
      expect(server.attributes['http.route']).toBe(server.name.split(' ')[1]);
    }
    for (const storeSpan of spans.filter((span) => span.attributes['db.system.name'])) {
      expect({ span: storeSpan.name, root: rootOf(storeSpan, spans).kind }).toEqual({
        span: storeSpan.name,
        root: SERVER,
      });
    }

    // Log lines are written in batches, at least once a second.
    const requestLogs = await eventually(() => {
      const lines = logs.filter((line) => line.msg === 'request completed' && line.trace_id === traceId);
      expect(lines).toHaveLength(4);
      return Promise.resolve(lines);
    }, 5_000);
    expect(
      requestLogs.map(({ req, route, res }) => ({ id: req?.id, route, status: res?.statusCode })),
    ).toEqual([
      { id: 'befriend-1', route: '/users/:id/friends/:friendId', status: befriended.status },
      { id: 'read-1', route: '/users/:id', status: 200 },
      { id: 'message-1', route: '/messages', status: 201 },
      { id: 'upload-1', route: '/storage/upload', status: 201 },
    ]);
    for (const line of requestLogs) {
      expect(line.responseTime).toEqual(expect.any(Number));
      // No header is logged, so no credential a header carries can be.
      expect(Object.keys(line.req ?? {}).sort()).toEqual(['id', 'method', 'remoteAddress', 'url']);
    }
    expect(JSON.stringify(logs)).not.toContain('very-secret-token');
    // MinIO has no instrumentation library: our span wraps the S3 requests the client sends.
    const minioSpan = spans.find((span) => span.attributes['db.system.name'] === 'minio');
    expect(
      spans.some((span) => span.parentSpanId === minioSpan?.spanId && span.attributes['http.request.method']),
    ).toBe(true);
  });

  it('traces one request across HTTP, Redis, PostgreSQL and Cassandra and logs its trace id', async () => {
    // Nobody has read this sender yet: the existence check misses Redis and reads PostgreSQL.
    const sender = await createUser('Carol');
    const requestId = `one-request-${uuidv4()}`;
    await post(
      '/messages',
      { conversationId: uuidv4(), senderId: sender.id, body: 'Hello' },
      {
        'x-request-id': requestId,
      },
    );
    const traceId = await loggedTraceId(logs, requestId);

    const stores = await eventually(() => {
      const ofTrace = receiver.spans.filter((span) => span.traceId === traceId);
      expect(ofTrace.filter((span) => span.kind === SERVER).map((span) => span.name)).toEqual([
        'POST /messages',
      ]);
      const systems = new Set(ofTrace.map((span) => span.attributes['db.system.name']).filter(Boolean));
      expect(systems).toEqual(new Set(['redis', 'postgresql', 'cassandra']));
      return Promise.resolve(systems);
    }, 15_000);
    expect(stores.size).toBeGreaterThanOrEqual(3);
  });

  it('starts no trace outside a request: start-up, readiness probes and the outbox relay make no span', async () => {
    const sender = await createUser('Dora');
    const conversationId = uuidv4();
    await post('/messages', { conversationId, senderId: sender.id, body: 'Bye' });
    expect((await fetch(`${baseUrl}/users/${sender.id}`, { method: 'DELETE' })).status).toBe(204);
    // The relay's user.deleted handler deletes the sender's messages from Cassandra.
    await eventually(async () => {
      const page = (await (await fetch(`${baseUrl}/messages/${conversationId}`)).json()) as {
        items: unknown[];
      };
      expect(page.items).toEqual([]);
    }, 15_000);
    for (let probe = 0; probe < 3; probe++) expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);

    // Spans are exported in the order they end: once this request's arrived, the others' would have.
    const requestId = `last-${uuidv4()}`;
    expect((await fetch(`${baseUrl}/users?limit=1`, { headers: { 'x-request-id': requestId } })).status).toBe(
      200,
    );
    const traceId = await loggedTraceId(logs, requestId);
    await eventually(() => {
      expect(receiver.spans.some((span) => span.traceId === traceId && span.kind === SERVER)).toBe(true);
      return Promise.resolve();
    }, 5_000);
    const roots = receiver.spans.filter((span) => !span.parentSpanId && span.kind !== SERVER);
    expect(roots.map((span) => span.name)).toEqual([]);
    const probes = receiver.spans.filter((span) =>
      JSON.stringify([span.name, span.attributes]).includes('/health'),
    );
    expect(probes.map((span) => span.name)).toEqual([]);
  });

  it('exports the spans still buffered when SIGTERM stops the process', async () => {
    // A batch delay far longer than the test: only the flush at shutdown can export the span.
    // A grace period, so that the shutdown logs a line just before the process exits.
    const lazy = await startTracedApi(endpoint, {
      OTEL_BSP_SCHEDULE_DELAY: '600000',
      SHUTDOWN_GRACE_MS: '1',
    });
    try {
      const requestId = `flush-${uuidv4()}`;
      const response = await fetch(`${lazy.baseUrl}/users?limit=1`, {
        headers: { 'x-request-id': requestId },
      });
      expect(response.status).toBe(200);
      const traceId = await loggedTraceId(lazy.logs, requestId);
      const spansOf = () =>
        receiver.spans.filter((span) => span.traceId === traceId).map((span) => span.name);
      expect(spansOf()).toEqual([]);

      // 'close' comes once the process exited and its output was read to the end.
      const closed = once(lazy.process, 'close');
      lazy.process.kill('SIGTERM');
      // A graceful shutdown: the process exits on its own, its last batch of log lines written.
      expect(await closed).toEqual([0, null]);
      expect(lazy.logs.map((line) => line.msg)).toContain('SIGTERM: not ready; serving for 1 ms more');
      expect(spansOf()).toContain('GET /users');
    } finally {
      if (lazy.process.exitCode === null && lazy.process.signalCode === null) lazy.process.kill('SIGKILL');
    }
  });
});

/** The top of a span's ancestry within the trace (the span whose parent is outside it). */
function rootOf(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan {
  const parent = spans.find((candidate) => candidate.spanId === span.parentSpanId);
  return parent ? rootOf(parent, spans) : span;
}
