// Shared by every k6 profile in load/: configuration from the environment, the API's requests
// with their checks, the seeded ids the traffic works on, the traffic mix and the thresholds.
// Kept in one flat module so `kubectl create configmap --from-file=load/` ships it unchanged
// beside the profiles (a ConfigMap key cannot hold a sub-directory).
import http from 'k6/http';
import { check, fail } from 'k6';
import exec from 'k6/execution';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
// Write routes may require an API key (config API_KEYS); reads never do.
const API_KEY = __ENV.API_KEY || '';

/** A number from the environment, or its default. */
export function envNumber(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) fail(`${name}=${raw} is not a non-negative number`);
  return value;
}

/** A k6 duration ("90s", "5m", "1h") from the environment, or its default. */
export function envDuration(name, fallback) {
  const value = __ENV[name] || fallback;
  if (!/^(\d+(ms|s|m|h))+$/.test(value)) fail(`${name}=${value} is not a duration like 90s, 5m or 1h`);
  return value;
}

/**
 * Options every profile shares. The `url` tag is dropped: with ids in the path it would make a
 * Prometheus series per request; the `name` tag carries the route template instead, as the
 * API's own http_server_requests_total does.
 */
export function profileOptions({ scenarios, thresholds }) {
  return {
    scenarios,
    thresholds,
    systemTags: ['status', 'method', 'name', 'group', 'check', 'scenario', 'expected_response', 'error_code'],
    summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
    setupTimeout: '2m',
  };
}

/** Error-rate and latency limits (milliseconds); a run that breaks one fails. */
export function thresholdsOf({ maxErrorRate, p95, p99, minChecks = 1 - maxErrorRate }) {
  return {
    http_req_failed: [`rate<=${maxErrorRate}`],
    http_req_duration: [`p(95)<${p95}`, `p(99)<${p99}`],
    checks: [`rate>=${minChecks}`],
  };
}

/** Pre-allocated VUs for an arrival rate, assuming requests answer within `latencyBudgetS`. */
export function vusFor(ratePerSecond, latencyBudgetS = 0.5) {
  return Math.max(2, Math.ceil(ratePerSecond * latencyBudgetS));
}

/**
 * One request to the API, tagged with its route template and checked for the statuses it
 * may answer with; any other status counts as failed in http_req_failed.
 */
export function call(method, route, path, { json, body, query, expect = [200] } = {}) {
  const headers = {};
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && API_KEY) headers.Authorization = `Bearer ${API_KEY}`;
  const url = `${BASE_URL}${path}${query ? `?${query}` : ''}`;
  const response = http.request(method, url, json === undefined ? body : JSON.stringify(json), {
    headers,
    tags: { name: route },
    responseCallback: http.expectedStatuses(...expect),
  });
  check(response, {
    [`${method} ${route} answers ${expect.join(' or ')}`]: (r) => expect.includes(r.status),
  });
  return response;
}

/** The parsed JSON body, or null when the request did not succeed. */
export function jsonOf(response) {
  if (response.status < 200 || response.status >= 300 || !response.body) return null;
  try {
    return response.json();
  } catch {
    return null;
  }
}

/** Walks a cursor-paginated list until `want` ids are had or the list ends. */
function collectIds(path, want) {
  const ids = [];
  let cursor = '';
  while (ids.length < want) {
    const page = jsonOf(
      call('GET', path, path, { query: `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` }),
    );
    if (!page) fail(`GET ${BASE_URL}${path} failed: is the API up?`);
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids.slice(0, want);
}

/**
 * The seeded users and groups the traffic reads and writes around; each group's id is also its
 * conversation's id (seed-job/src/dataset.ts), so messages go to real conversations.
 */
export function seededData() {
  const users = collectIds('/users', envNumber('SEEDED_USERS', 500));
  const groups = collectIds('/groups', envNumber('SEEDED_GROUPS', 100));
  if (users.length < 2 || groups.length < 1) {
    fail(`${BASE_URL} has ${users.length} users and ${groups.length} groups: seed it first (npm run seed)`);
  }
  return { users, groups };
}

const pick = (items) => items[Math.floor(Math.random() * items.length)];
/** Two different items: the API refuses mutual friends of a user with itself. */
function pickTwo(items) {
  const first = Math.floor(Math.random() * items.length);
  const second = (first + 1 + Math.floor(Math.random() * (items.length - 1))) % items.length;
  return [items[first], items[second]];
}
const unique = () => `${exec.vu.idInTest}-${exec.scenario.iterationInTest}-${Date.now()}`;

/** Some bytes for an upload, as a multipart body with the field the API reads (`file`). */
function uploadBody() {
  const text = `Packing list ${unique()}\n`.repeat(40);
  return { file: http.file(text, 'packing-list.txt', 'text/plain') };
}

export const reads = {
  user: ({ users }) => call('GET', '/users/:id', `/users/${pick(users)}`),
  users: () => call('GET', '/users', '/users', { query: 'limit=20' }),
  group: ({ groups }) => call('GET', '/groups/:id', `/groups/${pick(groups)}`),
  groups: () => call('GET', '/groups', '/groups', { query: 'limit=20' }),
  groupMembers: ({ groups }) => call('GET', '/groups/:id/members', `/groups/${pick(groups)}/members`),
  userGroups: ({ users }) => call('GET', '/users/:id/groups', `/users/${pick(users)}/groups`),
  friends: ({ users }) => call('GET', '/users/:id/friends', `/users/${pick(users)}/friends`),
  mutualFriends: ({ users }) => {
    const [user, other] = pickTwo(users);
    return call('GET', '/users/:id/friends/mutual/:otherId', `/users/${user}/friends/mutual/${other}`);
  },
  suggestions: ({ users }) => call('GET', '/users/:id/suggestions', `/users/${pick(users)}/suggestions`),
  messages: ({ groups }) => call('GET', '/messages/:conversationId', `/messages/${pick(groups)}`),
  notifications: ({ users }) => call('GET', '/notifications/:userId', `/notifications/${pick(users)}`),
  unreadCount: ({ users }) =>
    call('GET', '/notifications/:userId/unread-count', `/notifications/${pick(users)}/unread-count`),
  files: () => call('GET', '/storage/files', '/storage/files', { query: 'limit=20' }),
};

export const writes = {
  message: ({ users, groups }) =>
    call('POST', '/messages', '/messages', {
      json: {
        conversationId: pick(groups),
        senderId: pick(users),
        body: `See you at the station ${unique()}`,
      },
      expect: [201],
    }),
  notification: ({ users }) =>
    call('POST', '/notifications', '/notifications', {
      json: {
        userId: pick(users),
        type: 'trip.reminder',
        message: 'Your trip starts tomorrow',
        data: { day: 1 },
      },
      expect: [201],
    }),
  readAll: ({ users }) =>
    call('POST', '/notifications/:userId/read-all', `/notifications/${pick(users)}/read-all`, {
      expect: [204],
    }),
  /** A new traveller's visit: signs up, befriends and joins, shares a file, then leaves again. */
  newcomer: (data) => {
    const user = jsonOf(
      call('POST', '/users', '/users', {
        json: { email: `traveller.${unique()}@load.example.com`, name: 'Load Traveller' },
        expect: [201],
      }),
    );
    if (!user) return;
    call('PUT', '/users/:id/friends/:friendId', `/users/${user.id}/friends/${pick(data.users)}`, {
      expect: [201],
    });
    call('PUT', '/groups/:id/members/:userId', `/groups/${pick(data.groups)}/members/${user.id}`, {
      expect: [201],
    });
    const file = jsonOf(
      call('POST', '/storage/upload', '/storage/upload', {
        query: `ownerId=${user.id}`,
        body: uploadBody(),
        expect: [201],
      }),
    );
    if (file) call('GET', '/storage/download/:key', `/storage/download/${file.key}`);
    // Deleting the user lets the outbox remove its friendships, memberships and files.
    call('DELETE', '/users/:id', `/users/${user.id}`, { expect: [204] });
  },
};

/** Picks an action by weight: [[weight, action], ...]. */
export function weighted(actions) {
  const total = actions.reduce((sum, [weight]) => sum + weight, 0);
  return (data) => {
    let roll = Math.random() * total;
    for (const [weight, action] of actions) {
      roll -= weight;
      if (roll < 0) return action(data);
    }
    return actions[actions.length - 1][1](data);
  };
}

/**
 * The traffic of a travel app: mostly profile, group, friend and message reads, one request in
 * six a write, and now and then a newcomer's whole visit across all five stores.
 */
export const realisticMix = weighted([
  [12, reads.user],
  [4, reads.users],
  [8, reads.group],
  [2, reads.groups],
  [5, reads.groupMembers],
  [5, reads.userGroups],
  [8, reads.friends],
  [3, reads.mutualFriends],
  [3, reads.suggestions],
  [12, reads.messages],
  [6, reads.notifications],
  [5, reads.unreadCount],
  [2, reads.files],
  [8, writes.message],
  [4, writes.notification],
  [1, writes.readAll],
  [2, writes.newcomer],
]);

/** An arrival-rate scenario of the realistic mix, for the profiles that shape load over time. */
export function mixScenario(stages, peakRate) {
  return {
    executor: 'ramping-arrival-rate',
    exec: 'traffic',
    startRate: 0,
    timeUnit: '1s',
    preAllocatedVUs: vusFor(peakRate),
    maxVUs: vusFor(peakRate, 4),
    stages,
  };
}
