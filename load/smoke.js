// Smoke: a newcomer's whole tour of the API, every route at least once, a tour every few
// seconds for about a minute; any unexpected status or a slow answer fails the run.
import { fail } from 'k6';
import http from 'k6/http';
import { call, envDuration, envNumber, jsonOf, profileOptions, seededData, thresholdsOf } from './lib.js';

export const options = profileOptions({
  scenarios: {
    tour: {
      executor: 'constant-arrival-rate',
      rate: 1,
      timeUnit: `${envNumber('TOUR_EVERY_S', 5)}s`,
      duration: envDuration('DURATION', '1m'),
      preAllocatedVUs: 2,
    },
  },
  thresholds: thresholdsOf({ maxErrorRate: 0, p95: 500, p99: 1500 }),
});

export const setup = seededData;

const required = (response, what) => jsonOf(response) ?? fail(`${what} answered ${response.status}`);

export default function tour({ users, groups }) {
  const [friend, seededGroup] = [users[0], groups[0]];
  call('GET', '/health/live', '/health/live');
  call('GET', '/health/ready', '/health/ready');
  call('GET', '/users', '/users', { query: 'limit=5' });
  call('GET', '/groups', '/groups', { query: 'limit=5' });
  call('GET', '/groups/:id', `/groups/${seededGroup}`);
  call('GET', '/messages/:conversationId', `/messages/${seededGroup}`);

  const suffix = `${__VU}.${__ITER}.${Date.now()}`;
  const user = required(
    call('POST', '/users', '/users', {
      json: { email: `smoke.${suffix}@load.example.com`, name: 'Smoke' },
      expect: [201],
    }),
    'POST /users',
  );
  const me = `/users/${user.id}`;
  call('GET', '/users/:id', me);
  call('PATCH', '/users/:id', me, { json: { name: 'Smoke Tester' } });
  call('GET', '/users/:id', '/users/00000000-0000-7000-8000-000000000000', { expect: [404] });

  call('PUT', '/users/:id/friends/:friendId', `${me}/friends/${friend}`, { expect: [201] });
  call('GET', '/users/:id/friends', `${me}/friends`);
  call('GET', '/users/:id/friends/mutual/:otherId', `${me}/friends/mutual/${users[1]}`);
  call('GET', '/users/:id/suggestions', `${me}/suggestions`);

  const group = required(
    call('POST', '/groups', '/groups', {
      json: { name: `Smoke trip ${suffix}`, ownerId: user.id },
      expect: [201],
    }),
    'POST /groups',
  );
  const ours = `/groups/${group.id}`;
  call('GET', '/groups/:id', ours);
  call('PATCH', '/groups/:id', ours, { json: { description: 'A trip of the smoke test' } });
  call('PUT', '/groups/:id/members/:userId', `${ours}/members/${friend}`, { expect: [201] });
  call('GET', '/groups/:id/members', `${ours}/members`);
  call('GET', '/users/:id/groups', `${me}/groups`);
  call('DELETE', '/groups/:id/members/:userId', `${ours}/members/${friend}`, { expect: [204] });

  call('POST', '/messages', '/messages', {
    json: { conversationId: group.id, senderId: user.id, body: 'Who brings the tent?' },
    expect: [201],
  });
  call('GET', '/messages/:conversationId', `/messages/${group.id}`);

  const notification = required(
    call('POST', '/notifications', '/notifications', {
      json: { userId: user.id, type: 'group.invite', message: 'You joined a trip' },
      expect: [201],
    }),
    'POST /notifications',
  );
  const inbox = `/notifications/${user.id}`;
  call('GET', '/notifications/:userId', inbox, { query: 'unread=true' });
  call('GET', '/notifications/:userId/unread-count', `${inbox}/unread-count`);
  call('PATCH', '/notifications/:userId/:notificationId/read', `${inbox}/${notification.id}/read`);
  call('POST', '/notifications/:userId/read-all', `${inbox}/read-all`, { expect: [204] });

  const file = required(
    call('POST', '/storage/upload', '/storage/upload', {
      query: `ownerId=${user.id}`,
      body: { file: http.file('tent, stove, map\n', 'packing-list.txt', 'text/plain') },
      expect: [201],
    }),
    'POST /storage/upload',
  );
  const stored = `/storage/files/${file.key}`;
  call('GET', '/storage/files', '/storage/files', { query: `ownerId=${user.id}` });
  call('GET', '/storage/files/:key', stored);
  call('GET', '/storage/files/:key/url', `${stored}/url`);
  call('GET', '/storage/download/:key', `/storage/download/${file.key}`);
  call('DELETE', '/storage/files/:key', stored, { expect: [204] });

  call('DELETE', '/users/:id/friends/:friendId', `${me}/friends/${friend}`, { expect: [204] });
  call('DELETE', '/groups/:id', ours, { expect: [204] });
  call('DELETE', '/users/:id', me, { expect: [204] });
}
