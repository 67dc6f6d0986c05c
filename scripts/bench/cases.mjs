// What the benchmark measures. Each case says which requests to send in each pass (warm-up,
// peak, half of the peak rate) and what to do around a pass, outside the measured time.
import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';

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
  const missWarmup = ids.users.slice(WORKING_SET, WORKING_SET + MISS_WARMUP_USERS);
  const missUsers = ids.users.slice(WORKING_SET + MISS_WARMUP_USERS);
  const userPaths = (users) => users.map((id) => `/users/${id}`);
  const redis = new Redis({
    host: process.env.REDIS_HOST ?? '127.0.0.1',
    port: Number(process.env.REDIS_PORT ?? 6379),
    password: process.env.REDIS_PASSWORD,
    lazyConnect: true,
  });

  // Reads each path of a working set once, so a pass starts with all of it cached (a TTL may
  // have run out since the last pass).
  const warm = (paths) =>
    eachLimited(paths, 8, async (path) => expectOk(await fetch(`${apiUrl}${path}`), `GET ${path}`));
  const hitPaths = userPaths(hitUsers);
  const conversationPaths = ids.conversations.slice(0, WORKING_SET).map((id) => `/messages/${id}?limit=50`);
  const friendsPaths = hitUsers.map((id) => `/users/${id}/friends`);
  const suggestionPaths = hitUsers.map((id) => `/users/${id}/suggestions`);

  // Forgetting the cached copies before a pass, never during it, keeps the measured path the
  // API's own: each request of the pass asks for a user nobody asked for since, once. Moving
  // their versions, as a write does, makes Redis tell the API to drop its in-memory copies too.
  const forgetMissUsers = async () => {
    for (let start = 0; start < missUsers.length; start += 1000) {
      const forget = redis.pipeline();
      for (const id of missUsers.slice(start, start + 1000)) {
        forget
          .unlink(`cache:{user:${id}}`)
          .incr(`cache-version:{user:${id}}`)
          .expire(`cache-version:{user:${id}}`, 86_400);
      }
      await forget.exec();
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

  // The API's own count of user cache hits: a miss pass that hit the cache even once is refused.
  const userCacheHits = async () => {
    const metrics = await (await expectOk(await fetch(metricsUrl), 'metrics')).text();
    const line = /^cache_requests_total\{cache="user",result="hit"\} (\d+)$/m.exec(metrics);
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

  // A read of a working set served from the cache: every path is read once before each pass.
  const cachedRead = (name, paths) => ({
    name,
    read: true,
    before: () => warm(paths),
    plan: () => ({ paths }),
  });

  const cases = [
    { name: 'bare Fastify', url: bareUrl, plan: () => ({ paths: ['/'] }) },
    cachedRead('GET /users/:id (cache hit)', hitPaths),
    {
      name: 'GET /users/:id (cache miss)',
      read: true,
      before: async (pass) => {
        if (pass === 'warmup') return;
        await forgetMissUsers();
        hitsBeforePass = await userCacheHits();
      },
      after: async (pass) => {
        if (pass === 'warmup') return;
        const hits = (await userCacheHits()) - hitsBeforePass;
        if (hits > 0) throw new Error(`the cache-miss ${pass} pass hit the cache ${hits} times`);
      },
      plan: (pass, timing) =>
        pass === 'warmup'
          ? { paths: userPaths(missWarmup) }
          : { paths: userPaths(missUsers), amount: missAmount(timing), refuseWrap: true },
    },
    cachedRead('GET /messages/:conversationId (limit 50)', conversationPaths),
    cachedRead('GET /users/:id/friends', friendsPaths),
    cachedRead('GET /users/:id/suggestions', suggestionPaths),
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
