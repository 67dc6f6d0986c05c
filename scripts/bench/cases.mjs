// What the benchmark measures. Each case says which requests to send in each pass (warm-up,
// peak, half of the peak rate) and what to do around a pass, outside the measured time.
import { createHash, randomBytes } from 'node:crypto';
import { apiRequire } from '../stores/lib.mjs';

// The API's own Redis client, at the version the API runs (npm keeps it under api/).
const Redis = apiRequire('ioredis');

const MIB = 1024 * 1024;
// The working set of the cached reads: users (their record, friends and suggestions) and
// conversations whose cache entries are warmed before each pass. Every other seeded user is a miss.
const WORKING_SET = 1000;
// Misses the warm-up spends, so that the peak pass still has thousands of never-read ids.
const MISS_WARMUP_USERS = 2000;
// Conversations the write case posts to: a few of the benchmark's own, never the seeded ones it reads.
const POST_CONVERSATIONS = 100;

function uuidFrom(...parts) {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function multipartFile(bytes) {
  const boundary = `summer-trip-bench-${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

/** Runs `task` over `items`, `concurrency` at a time. */
async function eachLimited(items, concurrency, task) {
  let next = 0;
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(lanes);
}

async function expectOk(response, what) {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/**
 * The cases, in the order they run, and `close` to call after the last. `ids` are the seeded
 * users and conversations; writes carry `apiKey` as a bearer token; `connections` sizes the
 * margin a miss pass keeps unread.
 */
export function benchCases({ apiUrl, metricsUrl, bareUrl, ids, apiKey, connections }) {
  const auth = { authorization: `Bearer ${apiKey}` };
  const hitUsers = ids.users.slice(0, WORKING_SET);
  const hitConversations = ids.conversations.slice(0, WORKING_SET);
  const missWarmup = ids.users.slice(WORKING_SET, WORKING_SET + MISS_WARMUP_USERS);
  const missUsers = ids.users.slice(WORKING_SET + MISS_WARMUP_USERS);
  const userPath = (id) => `/users/${id}`;
  const redis = new Redis({
    host: process.env.REDIS_HOST ?? '127.0.0.1',
    port: Number(process.env.REDIS_PORT ?? 6379),
    password: process.env.REDIS_PASSWORD,
    lazyConnect: true,
  });

  // Reads each path of a working set once, eight at a time.
  const warm = (paths) =>
    eachLimited(paths, 8, async (path) => expectOk(await fetch(`${apiUrl}${path}`), `GET ${path}`));

  // Forgets the cached entries of `ids` as a write does: moving their versions makes Redis tell
  // the API to drop its in-memory copies too. Done before a pass, never during it.
  const forget = async (cache, ids) => {
    for (let start = 0; start < ids.length; start += 1000) {
      const pipeline = redis.pipeline();
      for (const id of ids.slice(start, start + 1000)) {
        const version = `cache-version:{${cache}:${id}}`;
        pipeline.unlink(`cache:{${cache}:${id}}`).incr(version).expire(version, 86_400);
      }
      await pipeline.exec();
    }
  };
  // A miss pass must end before it runs out of ids (then it would read what it cached), so it
  // sends a number of requests rather than run for a time: as many as its rate (at peak, the
  // warm-up's) sends in the pass's seconds. The margin covers requests the load generator
  // prepares but never sends.
  const missAmount = ({ rate, warmupRps, seconds }) =>
    Math.max(
      1,
      Math.min(missUsers.length - 4 * connections, Math.round((rate ?? warmupRps ?? Infinity) * seconds)),
    );

  // The API's own count of lookups in `cache` that ended as `result` (hit or miss).
  const cacheRequests = async (cache, result) => {
    const metrics = await (await expectOk(await fetch(metricsUrl), 'metrics')).text();
    const line = new RegExp(
      `^cache_requests_total\\{cache="${cache}",result="${result}"\\} (\\d+)$`,
      'm',
    ).exec(metrics);
    return line ? Number(line[1]) : 0;
  };
  let hitsBeforePass;

  const upload = multipartFile(randomBytes(MIB));
  // The files of a run belong to a user of its own, whose deletion at the end takes them all
  // (through the outbox), the uploads still in flight when a pass stopped included.
  let uploaderId;
  const ensureUploader = async () => {
    if (uploaderId) return;
    const response = await fetch(`${apiUrl}/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `bench-${randomBytes(6).toString('hex')}@example.com`,
        name: 'Benchmark',
      }),
    });
    uploaderId = (await (await expectOk(response, 'POST /users')).json()).id;
  };
  let downloadKey;

  // A read of a working set served from the cache. Before each pass its entries are forgotten
  // and read once, so that every one starts the pass freshly cached: read only before the first
  // pass, they would expire during a later one (suggestions live 30 s; a case takes longer).
  // A pass that missed the cache even once is refused.
  const cachedRead = (name, cache, ids, pathOf) => {
    const paths = ids.map(pathOf);
    let missesBeforePass;
    return {
      name,
      read: true,
      before: async () => {
        await forget(cache, ids);
        await warm(paths);
        missesBeforePass = await cacheRequests(cache, 'miss');
      },
      after: async (pass) => {
        const misses = (await cacheRequests(cache, 'miss')) - missesBeforePass;
        if (misses > 0) throw new Error(`the ${pass} pass of ${name} missed the cache ${misses} times`);
      },
      plan: () => ({ paths }),
    };
  };

  const cases = [
    { name: 'bare Fastify', url: bareUrl, plan: () => ({ paths: ['/'] }) },
    cachedRead('GET /users/:id (cache hit)', 'user', hitUsers, userPath),
    {
      name: 'GET /users/:id (cache miss)',
      read: true,
      // Each request of a measured pass asks for a user nobody asked for since it was forgotten.
      before: async (pass) => {
        if (pass === 'warmup') return;
        await forget('user', missUsers);
        hitsBeforePass = await cacheRequests('user', 'hit');
      },
      after: async (pass) => {
        if (pass === 'warmup') return;
        const hits = (await cacheRequests('user', 'hit')) - hitsBeforePass;
        if (hits > 0) throw new Error(`the cache-miss ${pass} pass hit the cache ${hits} times`);
      },
      plan: (pass, timing) =>
        pass === 'warmup'
          ? { paths: missWarmup.map(userPath) }
          : { paths: missUsers.map(userPath), amount: missAmount(timing), refuseWrap: true },
    },
    cachedRead(
      'GET /messages/:conversationId (limit 50)',
      'conversation',
      hitConversations,
      (id) => `/messages/${id}?limit=50`,
    ),
    cachedRead('GET /users/:id/friends', 'friends', hitUsers, (id) => `/users/${id}/friends`),
    cachedRead('GET /users/:id/suggestions', 'suggestions', hitUsers, (id) => `/users/${id}/suggestions`),
    {
      name: 'POST /messages',
      plan: () => ({
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        paths: ['/messages'],
        bodies: hitUsers.map((senderId, index) =>
          JSON.stringify({
            conversationId: uuidFrom('bench-post', index % POST_CONVERSATIONS),
            senderId,
            body: `Benchmark message ${index}: see you at the station at 9?`,
          }),
        ),
      }),
    },
    {
      name: 'POST /storage/upload (1 MiB)',
      before: ensureUploader,
      plan: () => ({
        method: 'POST',
        headers: { ...auth, 'content-type': upload.contentType },
        paths: [`/storage/upload?ownerId=${uploaderId}`],
        rawBody: upload.body.toString('base64'),
      }),
    },
    {
      name: 'GET /storage/download/:key (1 MiB)',
      before: async () => {
        if (downloadKey) return;
        await ensureUploader();
        const form = new FormData();
        form.append('file', new Blob([randomBytes(MIB)]), 'bench.bin');
        const response = await fetch(`${apiUrl}/storage/upload?ownerId=${uploaderId}`, {
          method: 'POST',
          headers: auth,
          body: form,
        });
        downloadKey = (await (await expectOk(response, 'upload')).json()).key;
      },
      plan: () => ({ paths: [`/storage/download/${downloadKey}`] }),
    },
  ];
  const close = async () => {
    redis.disconnect();
    if (uploaderId) {
      await expectOk(
        await fetch(`${apiUrl}/users/${uploaderId}`, { method: 'DELETE', headers: auth }),
        'DELETE the uploader',
      );
    }
  };
  return { cases, close };
}
