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
// Misses the warm-up spends (each user once), so that the passes after it still have thousands
// of never-read ids.
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
 * The cases, in the order they run, and `close` to call after the last (true if it deleted
 * anything). `ids` are the seeded users and conversations; writes carry `apiKey` as a bearer
 * token.
 */
export function benchCases({ apiUrl, metricsUrl, bareUrl, ids, apiKey }) {
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
  // A miss pass reads each of its users at most once (a second read would be a hit), so it
  // sends a number of requests rather than run for a time, and autocannon sends exactly that
  // many. The warm-up reads all of its users; a measured pass as many as its rate (at peak, the
  // warm-up's) fills in the pass's seconds, or all of its users if they are fewer, and says so.
  const missUsersOf = (pass) => (pass === 'warmup' ? missWarmup : missUsers);
  const missPlan = (pass, { rate, warmupRps, seconds }) => {
    const users = missUsersOf(pass);
    const plan = { paths: users.map(userPath), amount: users.length };
    if (pass === 'warmup') return plan;
    const rps = rate ?? warmupRps;
    const wanted = rps === undefined ? Infinity : Math.max(1, Math.round(rps * seconds));
    if (wanted <= users.length) return { ...plan, amount: wanted };
    const time = rps === undefined ? 'no warm-up measured its rate' : `~${(users.length / rps).toFixed(1)} s`;
    console.log(
      `[bench] the cache-miss ${pass} pass is shortened to ${users.length} requests (${time}, not ${seconds} s): it has no more never-read users`,
    );
    return plan;
  };

  // The API's own counts (its /metrics) of the lookups in `cache` that hit and that missed, and
  // of the hits its in-process copy served.
  const cacheCounts = async (cache) => {
    const metrics = await (await expectOk(await fetch(metricsUrl), 'metrics')).text();
    const count = (series) => {
      const line = new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(metrics);
      return line ? Number(line[1]) : 0;
    };
    return {
      hits: count(`cache_requests_total{cache="${cache}",result="hit"}`),
      misses: count(`cache_requests_total{cache="${cache}",result="miss"}`),
      nearHits: count(`cache_near_hits_total{cache="${cache}"}`),
    };
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

  // A read of a working set served from the API's in-process copy. Before each pass its entries
  // are forgotten and read once, so that every one starts the pass freshly cached: read only
  // before the first pass, they would expire during a later one (suggestions live 30 s; a case
  // takes longer). A pass with a single lookup the copy did not serve (a miss, or a hit that
  // asked Redis) is refused. The requests in flight when the load generator stopped were looked
  // up but never answered to it, so the lookups may outnumber the answers, never the reverse.
  const cachedRead = (name, cache, ids, pathOf) => {
    const paths = ids.map(pathOf);
    let beforePass;
    return {
      name,
      read: true,
      before: async () => {
        await forget(cache, ids);
        await warm(paths);
        beforePass = await cacheCounts(cache);
      },
      after: async (pass, result) => {
        const now = await cacheCounts(cache);
        const lookups = now.hits + now.misses - beforePass.hits - beforePass.misses;
        const nearHits = now.nearHits - beforePass.nearHits;
        if (nearHits !== lookups || nearHits < result.requests) {
          throw new Error(
            `the ${pass} pass of ${name} answered ${result.requests} requests, but its in-process copy served only ${nearHits} of its ${lookups} lookups`,
          );
        }
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
      // Each request of a pass, the warm-up's too, asks for a user nobody asked for since it was
      // forgotten.
      before: async (pass) => {
        await forget('user', missUsersOf(pass));
        hitsBeforePass = (await cacheCounts('user')).hits;
      },
      after: async (pass) => {
        const hits = (await cacheCounts('user')).hits - hitsBeforePass;
        if (hits > 0) throw new Error(`the cache-miss ${pass} pass hit the cache ${hits} times`);
      },
      plan: missPlan,
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
    if (!uploaderId) return false;
    await expectOk(
      await fetch(`${apiUrl}/users/${uploaderId}`, { method: 'DELETE', headers: auth }),
      'DELETE the uploader',
    );
    return true;
  };
  return { cases, close };
}
