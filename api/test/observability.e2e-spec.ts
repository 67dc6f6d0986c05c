import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { v4 as uuidv4 } from 'uuid';
import { MetricsServer } from '../src/metrics/metrics.module';
import { useApp } from './support/app';
import { eventually, outboxDelivered } from './support/harness';
import { startUploadNeverFinished, uploadFile } from './support/file-uploads';
import { type Sample, samplesOf, scrape, sumOf, valueOf } from './support/prometheus-scrape';
import { client } from './support/users-and-groups';

const HTTP_BUCKETS = [
  '0.001',
  '0.0025',
  '0.005',
  '0.01',
  '0.025',
  '0.05',
  '0.1',
  '0.25',
  '0.5',
  '1',
  '2.5',
  '5',
  '10',
  '+Inf',
];

describe('observability: Prometheus metrics and request ids', () => {
  const running = useApp();
  const api = client(running);
  let before: Sample[];
  let after: Sample[];
  const increase = (name: string, labels: Record<string, string>) =>
    valueOf(after, name, labels) - valueOf(before, name, labels);
  const increaseOfAll = (name: string) => sumOf(after, name) - sumOf(before, name);

  beforeAll(async () => {
    const metricsUrl = running.app.get(MetricsServer).url;
    before = await scrape(metricsUrl);

    // Real traffic through every store: PostgreSQL and the outbox, Redis, Neo4j, Cassandra, MinIO.
    const [alice, bob] = [await api.createUser('Alice'), await api.createUser('Bob')];
    const duplicate = await api.call('POST', '/users', { email: alice.email, name: 'Alice again' });
    expect(duplicate.status).toBe(409);
    for (let read = 0; read < 2; read++)
      expect((await api.call('GET', `/users/${alice.id}`)).status).toBe(200);
    expect((await api.call('PUT', `/users/${alice.id}/friends/${bob.id}`)).status).toBeLessThan(300);
    expect((await api.call('GET', `/users/${alice.id}/friends`)).status).toBe(200);
    const message = { conversationId: uuidv4(), senderId: alice.id, body: 'See you at the station' };
    expect((await api.call('POST', '/messages', message)).status).toBe(201);
    expect((await uploadFile(running, randomBytes(1024), { query: `?ownerId=${alice.id}` })).status).toBe(
      201,
    );

    after = await scrape(metricsUrl);
  });

  it('counts HTTP requests by method, route template and status class', () => {
    expect(
      increase('http_server_requests_total', { method: 'POST', route: '/users', status_class: '2xx' }),
    ).toBe(2);
    expect(
      increase('http_server_requests_total', { method: 'POST', route: '/users', status_class: '4xx' }),
    ).toBe(1);
    expect(
      increase('http_server_requests_total', { method: 'GET', route: '/users/:id', status_class: '2xx' }),
    ).toBe(2);
    expect(
      increase('http_server_requests_total', {
        method: 'POST',
        route: '/storage/upload',
        status_class: '2xx',
      }),
    ).toBe(1);
    // Route templates, never raw URLs: ids must not turn into series.
    const routes = samplesOf(after, 'http_server_requests_total').map((sample) => sample.labels.route);
    expect(routes.filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(route))).toEqual([]);
  });

  it('times HTTP requests in a histogram with buckets from a millisecond up', () => {
    const labels = { method: 'GET', route: '/users/:id', status_class: '2xx' };
    const buckets = samplesOf(after, 'http_server_request_duration_seconds_bucket', labels);
    expect(buckets.map((bucket) => bucket.labels.le)).toEqual(HTTP_BUCKETS);
    expect(increase('http_server_request_duration_seconds_count', labels)).toBe(2);
    expect(increase('http_server_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(2);
    expect(increase('http_server_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
    expect(valueOf(after, 'http_server_requests_in_flight')).toBe(0);
  });

  it('times every store call by store and operation, and counts failed ones', () => {
    // Each cache lookup the process' own copy does not serve asks Redis once: Alice's first read
    // and her friends page always do. The copy is kept once the first read's fill is stored, which
    // the answer does not wait for, so her second read may come before it and ask Redis too.
    const redisReads = increaseOfAll('cache_requests_total') - increaseOfAll('cache_near_hits_total');
    expect(redisReads).toBeGreaterThanOrEqual(2);
    const traffic = [
      { store: 'postgres', operation: 'user-create', calls: 3 },
      { store: 'redis', operation: 'cache-read', calls: redisReads },
      { store: 'neo4j', operation: 'befriend', calls: 1 },
      { store: 'cassandra', operation: 'messages.insert', calls: 1 },
      { store: 'minio', operation: 'object-put', calls: 1 },
    ];
    for (const { store, operation, calls } of traffic) {
      const counted = increase('store_operation_duration_seconds_count', { store, operation });
      expect({ store, operation, counted }).toEqual({ store, operation, counted: calls });
    }
    // The duplicate e-mail: PostgreSQL refused the insert, which is an error but not an outage.
    expect(
      increase('store_operation_errors_total', {
        store: 'postgres',
        operation: 'user-create',
        reason: 'error',
      }),
    ).toBe(1);
  });

  it('counts cache misses and hits', () => {
    expect(increase('cache_requests_total', { cache: 'user', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(increase('cache_requests_total', { cache: 'user', result: 'hit' })).toBeGreaterThanOrEqual(1);
  });

  it('reports the outbox backlog and the age of its oldest pending event as one series each', () => {
    expect(samplesOf(after, 'outbox_pending_events')).toHaveLength(1);
    expect(samplesOf(after, 'outbox_oldest_pending_age_seconds')).toHaveLength(1);
  });

  it('counts an event still pending, and how long it has waited', async () => {
    await outboxDelivered(running);
    const dataSource = running.app.get(DataSource);
    // Written 30 s ago and not due for an hour, so the relay leaves it until it is deleted below.
    const [{ id }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO outbox (type, payload, created_at, next_attempt_at)
       VALUES ('user.deleted', $1, now() - interval '30 seconds', now() + interval '1 hour') RETURNING id`,
      [{ type: 'user.deleted', userId: uuidv4() }],
    );
    try {
      const scraped = await scrape(running.app.get(MetricsServer).url);
      expect(valueOf(scraped, 'outbox_pending_events')).toBe(1);
      expect(valueOf(scraped, 'outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(30);
    } finally {
      await dataSource.query('DELETE FROM outbox WHERE id = $1', [id]);
    }
  });

  it('reports connection pool usage of PostgreSQL and Cassandra', () => {
    const idle = valueOf(after, 'store_pool_connections', { store: 'postgres', state: 'idle' });
    const used = valueOf(after, 'store_pool_connections', { store: 'postgres', state: 'used' });
    expect(idle + used).toBeGreaterThanOrEqual(1);
    expect(idle + used).toBeLessThanOrEqual(Number(process.env.DATABASE_POOL_SIZE ?? 10));
    // The scrape itself may wait for a connection (the outbox backlog query): no exact value.
    const waiting = samplesOf(after, 'store_pool_pending_requests', { store: 'postgres' });
    expect(waiting).toEqual([expect.objectContaining({ value: expect.any(Number) })]);
    expect(Number.isInteger(waiting[0].value) && waiting[0].value >= 0).toBe(true);
    expect(
      valueOf(after, 'store_pool_connections', { store: 'cassandra', state: 'open' }),
    ).toBeGreaterThanOrEqual(1);
    expect(samplesOf(after, 'store_in_flight_requests', { store: 'cassandra' })).toHaveLength(1);
  });

  it('serves the default process and Node.js metrics', () => {
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect({ name, samples: samplesOf(after, name).length }).toEqual({ name, samples: 1 });
    }
  });

  it('echoes a sane x-request-id and replaces one that is not', async () => {
    const sane = await fetch(`${running.baseUrl}/users?limit=1`, {
      headers: { 'x-request-id': 'lb-4f2a.9:1' },
    });
    expect(sane.headers.get('x-request-id')).toBe('lb-4f2a.9:1');
    const forged = await fetch(`${running.baseUrl}/users?limit=1`, {
      headers: { 'x-request-id': 'x'.repeat(200) },
    });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${running.baseUrl}/users?limit=1`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts a request whose client left before its answer as aborted, and no longer in flight', async () => {
    const metricsUrl = running.app.get(MetricsServer).url;
    const labels = { method: 'POST', route: '/storage/upload' };
    const abortedBefore = valueOf(await scrape(metricsUrl), 'http_server_requests_aborted_total', labels);
    // The upload waits for the rest of its body.
    const socket = await startUploadNeverFinished(running.baseUrl, '/storage/upload');
    await eventually(
      async () => expect(valueOf(await scrape(metricsUrl), 'http_server_requests_in_flight')).toBe(1),
      5000,
    );

    socket.destroy();

    await eventually(async () => {
      const samples = await scrape(metricsUrl);
      expect(valueOf(samples, 'http_server_requests_in_flight')).toBe(0);
      expect(valueOf(samples, 'http_server_requests_aborted_total', labels) - abortedBefore).toBe(1);
    }, 5000);
  });
});
