// API_KEY=… node scripts/images/smoke-api.mjs <base URL>: drives a running API (here: its
// container) through readiness and one request of each feature, writes with the API key,
// printing one line per check; exits 1 on the first failure. Every check asserts what the API
// answered, not just that it answered.
import { randomUUID } from 'node:crypto';

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error('usage: smoke-api.mjs <base URL>');
const STORES = ['postgres', 'cassandra', 'neo4j', 'redis', 'minio'];

const apiKey = process.env.API_KEY;

async function call(method, path, { json, form, authorized = true } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(method === 'GET' || !authorized || !apiKey ? {} : { authorization: `Bearer ${apiKey}` }),
    },
    body: json === undefined ? form : JSON.stringify(json),
  });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, body };
}

function expect(condition, what, reply) {
  if (!condition) {
    console.error(`FAIL ${what}: ${reply ? `${reply.status} ${JSON.stringify(reply.body)}` : ''}`);
    process.exit(1);
  }
  console.log(`ok   ${what}`);
}

/** Follow-ups of a write travel through the outbox: retry an idempotent call while it is 404. */
async function eventually(method, path) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const reply = await call(method, path);
    if (reply.status !== 404 || Date.now() > deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const ready = await call('GET', '/health/ready');
expect(
  ready.status === 200 && STORES.every((store) => ready.body.info?.[store]?.status === 'up'),
  `GET /health/ready: 200 with ${STORES.join(', ')} up`,
  ready,
);

const email = `image-check-${randomUUID()}@example.com`;
const anonymous = await call('POST', '/users', { json: { email, name: 'Ana Image' }, authorized: false });
expect(anonymous.status === 401, 'POST /users without the API key: 401', anonymous);
const ana = await call('POST', '/users', { json: { email, name: 'Ana Image' } });
expect(ana.status === 201 && ana.body.email === email, 'POST /users: 201 with the user', ana);
const ben = await call('POST', '/users', {
  json: { email: `image-check-${randomUUID()}@example.com`, name: 'Ben Image' },
});
expect(ben.status === 201, 'POST /users: a second user', ben);
const anaRead = await call('GET', `/users/${ana.body.id}`);
expect(anaRead.status === 200 && anaRead.body.email === email, 'GET /users/:id: the user', anaRead);

const group = await call('POST', '/groups', { json: { name: 'Image check trip', ownerId: ana.body.id } });
expect(
  group.status === 201 && group.body.ownerId === ana.body.id,
  'POST /groups: 201, owned by the user',
  group,
);
const joined = await call('PUT', `/groups/${group.body.id}/members/${ben.body.id}`);
expect(
  joined.status === 201 && joined.body.role === 'member',
  'PUT /groups/:id/members/:userId: 201 member',
  joined,
);
const groupRead = await call('GET', `/groups/${group.body.id}`);
expect(
  groupRead.status === 200 && groupRead.body.name === 'Image check trip',
  'GET /groups/:id: the group',
  groupRead,
);

const friend = await eventually('PUT', `/users/${ana.body.id}/friends/${ben.body.id}`);
expect(
  friend.status === 201 && friend.body.id === ben.body.id,
  'PUT /users/:id/friends/:friendId: 201',
  friend,
);
const friends = await call('GET', `/users/${ben.body.id}/friends`);
expect(
  friends.status === 200 && friends.body.items.some(({ id }) => id === ana.body.id),
  'GET /users/:id/friends: the friendship, seen from the other side',
  friends,
);

const conversationId = randomUUID();
const message = await call('POST', '/messages', {
  json: { conversationId, senderId: ana.body.id, body: 'Meet at the station at 9?' },
});
expect(
  message.status === 201 && message.body.conversationId === conversationId,
  'POST /messages: 201',
  message,
);
const messages = await call('GET', `/messages/${conversationId}`);
expect(
  messages.status === 200 && messages.body.items.some(({ id }) => id === message.body.id),
  'GET /messages/:conversationId: the message',
  messages,
);

const notification = await call('POST', '/notifications', {
  json: { userId: ben.body.id, type: 'friend.request', message: 'Ana wants to be your friend' },
});
expect(
  notification.status === 201 && notification.body.read === false,
  'POST /notifications: 201 unread',
  notification,
);
const notifications = await call('GET', `/notifications/${ben.body.id}`);
expect(
  notifications.status === 200 && notifications.body.items.some(({ id }) => id === notification.body.id),
  'GET /notifications/:userId: the notification',
  notifications,
);

const bytes = Buffer.from(`itinerary ${randomUUID()}\n`);
const form = new FormData();
form.append('file', new Blob([bytes], { type: 'text/plain' }), 'itinerary.txt');
const upload = await call('POST', `/storage/upload?ownerId=${ana.body.id}`, { form });
expect(
  upload.status === 201 && upload.body.size === bytes.length,
  'POST /storage/upload: 201 with its size',
  upload,
);
const download = await call('GET', `/storage/download/${upload.body.key}`);
expect(
  download.status === 200 && Buffer.compare(download.body, bytes) === 0,
  'GET /storage/download/:key: the same bytes',
  download.status === 200 ? undefined : download,
);
