import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { v1 as uuidv1, v7 as uuidv7 } from 'uuid';
import { encodeCursor } from '../src/common/pagination';
import { type AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/config.module';
import { useApp } from './support/app';
import { type FileBody, uploadFile } from './support/file-uploads';
import { type GroupBody, type UserBody, client, uniqueEmail } from './support/users-and-groups';

/** An answer as it came over the wire: status, media type and the parsed (or raw) body. */
interface RawReply {
  status: number;
  mediaType: string;
  body: unknown;
  bytes: Buffer;
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string }[];
}

const INJECTIONS = {
  CQL: "'; DROP TABLE messages; --",
  Cypher: '}) DETACH DELETE n //',
  SQL: "' OR 1=1 --",
};
const UNICODE = {
  emoji: 'Beach 🏖️ with the family 👨‍👩‍👧 and flags 🇵🇹',
  'right-to-left text': 'رحلة الصيف إلى لشبونة',
  'combining marks': 'Café Zoë, ñandú',
};

describe('bad input', () => {
  const running = useApp();
  const api = client(running);
  let config: AppConfig;
  let user: UserBody;
  let friend: UserBody;
  let group: GroupBody;

  beforeAll(async () => {
    config = running.app.get<AppConfig>(APP_CONFIG);
    [user, friend] = await Promise.all([api.createUser('Bad Input'), api.createUser('Bad Input Friend')]);
    group = await api.createGroup(user.id, 'Bad Input Group');
  });

  /**
   * Sends exactly `path` (fetch would resolve `..` and `%2e%2e` segments before sending), with
   * an optional body of any content type.
   */
  function raw(
    method: string,
    path: string,
    body?: { contentType: string; data: string | Buffer },
  ): Promise<RawReply> {
    const url = new URL(running.baseUrl);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: body
            ? { 'content-type': body.contentType, 'content-length': Buffer.byteLength(body.data) }
            : {},
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const bytes = Buffer.concat(chunks);
            const mediaType = (response.headers['content-type'] ?? '').split(';')[0];
            const text = bytes.toString('utf8');
            resolve({
              status: response.statusCode ?? 0,
              mediaType,
              bytes,
              body: mediaType.endsWith('json') ? JSON.parse(text) : text,
            });
          });
        },
      );
      // A server that refuses a large body may close before reading it; the answer still counts.
      outgoing.on('error', reject);
      outgoing.end(body?.data);
    });
  }

  const json = (value: unknown) => ({ contentType: 'application/json', data: JSON.stringify(value) });

  /** The RFC 9457 shape of every error: problem+json with type, title and the HTTP status. */
  function expectProblem(reply: RawReply, ...statuses: number[]): Problem {
    expect(statuses).toContain(reply.status);
    expect(reply.mediaType).toBe('application/problem+json');
    const problem = reply.body as Problem;
    expect(problem).toEqual(
      expect.objectContaining({ type: expect.any(String), title: expect.any(String), status: reply.status }),
    );
    return problem;
  }

  // PostgreSQL itself, not a read model that catches up later (the graph through the outbox).
  const rowsWhere = async (table: 'users' | 'groups', column: 'email' | 'name', value: string) =>
    (
      await running.app
        .get(DataSource)
        .query<[{ count: number }]>(`SELECT count(*)::int AS count FROM ${table} WHERE ${column} = $1`, [
          value,
        ])
    )[0].count;
  const messagesIn = async (conversationId: string) =>
    ((await raw('GET', `/messages/${conversationId}`)).body as { items: unknown[] }).items.length;
  const notificationsOf = async (userId: string) =>
    ((await raw('GET', `/notifications/${userId}`)).body as { items: unknown[] }).items.length;

  /** The four JSON write routes, each with a valid body and a way to see whether it was written. */
  function jsonWrites() {
    const email = uniqueEmail();
    const conversationId = uuidv7();
    return [
      {
        path: '/users',
        body: { email, name: 'Never Written' },
        written: async () => (await rowsWhere('users', 'email', email)) > 0,
      },
      {
        path: '/groups',
        body: { name: `never written ${conversationId}`, ownerId: user.id },
        written: async () => (await rowsWhere('groups', 'name', `never written ${conversationId}`)) > 0,
      },
      {
        path: '/messages',
        body: { conversationId, senderId: user.id, body: 'never written' },
        written: async () => (await messagesIn(conversationId)) > 0,
      },
      {
        path: '/notifications',
        body: { userId: friend.id, type: 'never.written', message: conversationId },
        written: async () =>
          (
            (await raw('GET', `/notifications/${friend.id}?limit=100`)).body as {
              items: { message: string }[];
            }
          ).items.some((item) => item.message === conversationId),
      },
    ];
  }

  // The checks below assert that nothing was written; this shows each would see a write.
  it.each(['/users', '/groups', '/messages', '/notifications'])(
    'sees the write of a valid JSON body on POST %s',
    async (path) => {
      const write = jsonWrites().find((candidate) => candidate.path === path)!;
      expect((await raw('POST', path, json(write.body))).status).toBe(201);
      expect(await write.written()).toBe(true);
    },
  );

  describe('oversize bodies', () => {
    it.each(['/users', '/groups', '/messages', '/notifications'])(
      'answers 413 problem+json to a JSON body over BODY_LIMIT_BYTES on POST %s, and writes nothing',
      async (path) => {
        const write = jsonWrites().find((candidate) => candidate.path === path)!;
        const padded = { ...write.body, padding: 'x'.repeat(config.BODY_LIMIT_BYTES) };
        expectProblem(await raw('POST', path, json(padded)), 413);
        expect(await write.written()).toBe(false);
      },
    );
  });

  describe('wrong content types', () => {
    const encodings: [string, (body: Record<string, unknown>) => { contentType: string; data: string }][] = [
      ['text/plain', (body) => ({ contentType: 'text/plain', data: JSON.stringify(body) })],
      [
        'a form',
        (body) => ({
          contentType: 'application/x-www-form-urlencoded',
          data: new URLSearchParams(
            Object.entries(body).map(([key, value]): [string, string] => [key, String(value)]),
          ).toString(),
        }),
      ],
      [
        'XML',
        (body) => ({
          contentType: 'application/xml',
          data: `<user><name>${String(body.name)}</name></user>`,
        }),
      ],
    ];

    it.each(
      encodings.flatMap(([name, encode]) =>
        ['/users', '/groups', '/messages', '/notifications'].map((path) => [name, path, encode] as const),
      ),
    )('refuses %s on POST %s with 415 or 400 problem+json, and writes nothing', async (_, path, encode) => {
      const write = jsonWrites().find((candidate) => candidate.path === path)!;
      expectProblem(await raw('POST', path, encode(write.body)), 400, 415);
      expect(await write.written()).toBe(false);
    });
  });

  describe('invalid UUIDs', () => {
    // Every route with an id in its path; each id in turn is made invalid, the others stay valid.
    const routes: [string, string][] = [
      ['GET', '/users/:id'],
      ['PATCH', '/users/:id'],
      ['DELETE', '/users/:id'],
      ['GET', '/groups/:id'],
      ['PATCH', '/groups/:id'],
      ['DELETE', '/groups/:id'],
      ['PUT', '/groups/:id/members/:userId'],
      ['DELETE', '/groups/:id/members/:userId'],
      ['GET', '/groups/:id/members'],
      ['GET', '/users/:id/groups'],
      ['PUT', '/users/:id/friends/:friendId'],
      ['DELETE', '/users/:id/friends/:friendId'],
      ['GET', '/users/:id/friends'],
      ['GET', '/users/:id/friends/mutual/:otherId'],
      ['GET', '/users/:id/suggestions'],
      ['GET', '/messages/:conversationId'],
      ['GET', '/notifications/:userId'],
      ['GET', '/notifications/:userId/unread-count'],
      ['PATCH', '/notifications/:userId/:notificationId/read'],
      ['POST', '/notifications/:userId/read-all'],
      ['GET', '/storage/download/:key'],
      ['GET', '/storage/files/:key'],
      ['GET', '/storage/files/:key/url'],
      ['DELETE', '/storage/files/:key'],
    ];
    // Notification ids are time-based (v1) UUIDs, like the Cassandra timeuuid they are.
    const validId = (param: string) => (param === 'notificationId' ? uuidv1() : uuidv7());
    const invalidIds = ['not-a-uuid', encodeURIComponent(INJECTIONS.SQL), '%00', `${uuidv7()}x`];
    const cases = routes.flatMap(([method, template]) =>
      [...template.matchAll(/:(\w+)/g)].flatMap(([, param]) =>
        invalidIds.map((invalid) => [method, template, param, invalid] as const),
      ),
    );

    it.each(cases)(
      '%s %s answers 400 problem+json naming %s when it is %s',
      async (method, template, param, invalid) => {
        const path = template.replace(/:(\w+)/g, (_, name: string) =>
          name === param ? invalid : validId(name),
        );
        const problem = expectProblem(
          await raw(method, path, method === 'PATCH' ? json({}) : undefined),
          400,
        );
        expect(problem.errors?.map((error) => error.field)).toContain(param);
      },
    );
  });

  describe('invalid cursors', () => {
    // Parents that exist (filled in by the test), so that no route can answer 404 before it
    // reads the cursor.
    const listRoutes = [
      '/users',
      '/groups',
      '/messages/:user',
      '/notifications/:user',
      '/users/:user/friends',
      '/users/:user/friends/mutual/:friend',
      '/users/:user/suggestions',
      '/groups/:group/members',
      '/users/:user/groups',
      '/storage/files',
    ];
    const cursors = {
      'not base64url JSON': 'not a cursor!',
      'JSON of another shape': encodeCursor({ page: 2 }),
      'an injection string': encodeCursor(INJECTIONS.SQL),
      'a NUL byte': '%00',
      'over 512 characters': 'A'.repeat(513),
    };

    it.each(
      listRoutes.flatMap((route) => Object.entries(cursors).map(([name, cursor]) => [route, name, cursor])),
    )('GET %s answers 400 problem+json naming cursor for a cursor that is %s', async (route, _, cursor) => {
      const path = route.replace(':user', user.id).replace(':friend', friend.id).replace(':group', group.id);
      const query = cursor.startsWith('%') ? cursor : encodeURIComponent(cursor);
      const problem = expectProblem(await raw('GET', `${path}?cursor=${query}`), 400);
      expect(problem.errors?.map((error) => error.field)).toContain('cursor');
    });
  });

  describe('deep and huge JSON', () => {
    const nested = (levels: number, open: string, close: string, core: string) =>
      open.repeat(levels) + core + close.repeat(levels);

    it.each([
      ['arrays', (core: string) => nested(10_000, '[', ']', core)],
      ['objects', (core: string) => nested(10_000, '{"a":', '}', core)],
    ])('refuses 10,000 nested %s with 400 problem+json, and writes nothing', async (_, nest) => {
      const body = `{"userId":"${friend.id}","type":"deep","message":"deep","data":{"deep":${nest('1')}}}`;
      const before = await notificationsOf(friend.id);
      expectProblem(
        await raw('POST', '/notifications', { contentType: 'application/json', data: body }),
        400,
      );
      expectProblem(await raw('POST', '/users', { contentType: 'application/json', data: nest('{}') }), 400);
      expect(await notificationsOf(friend.id)).toBe(before);
    });

    it.each([
      ['/users', 'name', () => ({ email: uniqueEmail(), name: 'x'.repeat(300_000) })],
      [
        '/groups',
        'description',
        () => ({ name: 'Huge', ownerId: user.id, description: 'x'.repeat(300_000) }),
      ],
      [
        '/messages',
        'body',
        () => ({ conversationId: uuidv7(), senderId: user.id, body: 'x'.repeat(300_000) }),
      ],
      [
        '/notifications',
        'message',
        () => ({ userId: friend.id, type: 'huge', message: 'x'.repeat(300_000) }),
      ],
      [
        '/notifications',
        'data',
        () => ({ userId: friend.id, type: 'huge', message: 'huge', data: { list: Array(100_000).fill(1) } }),
      ],
      ['/users', 'name', () => ({ email: uniqueEmail(), name: Array(50_000).fill('x') })],
    ])('POST %s answers 400 problem+json naming %s when it is huge', async (path, field, body) => {
      const problem = expectProblem(await raw('POST', path, json(body())), 400);
      expect(problem.errors?.map((error) => error.field)).toContain(field);
    });
  });

  describe('text is data: unicode and injection strings round-trip verbatim', () => {
    const texts = { ...UNICODE, ...INJECTIONS };
    /** Written before the strings, and looked for after them. */
    const earlierConversation = uuidv7();

    beforeAll(async () => {
      expect((await raw('PUT', `/users/${user.id}/friends/${friend.id}`)).status).toBe(201);
      const message = json({ conversationId: earlierConversation, senderId: user.id, body: 'earlier' });
      expect((await raw('POST', '/messages', message)).status).toBe(201);
    });

    it.each(Object.entries(texts))(
      'stores %s in every text field and reads it back unchanged',
      async (_, text) => {
        const created = await api.createUser(text);
        expect((await raw('GET', `/users/${created.id}`)).body).toEqual(
          expect.objectContaining({ name: text }),
        );

        const madeGroup = (
          await raw('POST', '/groups', json({ name: text, description: text, ownerId: created.id }))
        ).body as GroupBody;
        expect((await raw('GET', `/groups/${madeGroup.id}`)).body).toEqual(
          expect.objectContaining({ name: text, description: text }),
        );

        const conversationId = uuidv7();
        expect(
          (await raw('POST', '/messages', json({ conversationId, senderId: created.id, body: text }))).status,
        ).toBe(201);
        expect((await raw('GET', `/messages/${conversationId}`)).body).toEqual({
          items: [expect.objectContaining({ body: text })],
          nextCursor: null,
        });

        const data = { [text]: text, list: [text] };
        const notification = json({ userId: created.id, type: 'round.trip', message: text, data });
        expect((await raw('POST', '/notifications', notification)).status).toBe(201);
        expect((await raw('GET', `/notifications/${created.id}`)).body).toEqual({
          items: [expect.objectContaining({ message: text, data })],
          nextCursor: null,
        });
      },
    );

    // File names lose directories (everything up to the last / or \), so the Cypher string,
    // whose `//` would leave nothing, is tried without its comment.
    it.each(Object.entries({ ...texts, Cypher: '}) DETACH DELETE n' }))(
      'keeps %s as an uploaded file name, verbatim',
      async (_, text) => {
        const uploaded = (await (
          await uploadFile(running, Buffer.from('data'), { fileName: text })
        ).json()) as FileBody;
        expect((await raw('GET', `/storage/files/${uploaded.key}`)).body).toEqual(
          expect.objectContaining({ fileName: text }),
        );
      },
    );

    it('the stores still hold what was written before the injection strings, and take more', async () => {
      expect(await messagesIn(earlierConversation)).toBe(1);
      // 200, not 201: the friendship made before them is still in the graph.
      expect((await raw('PUT', `/users/${user.id}/friends/${friend.id}`)).status).toBe(200);
      const conversationId = uuidv7();
      expect(
        (await raw('POST', '/messages', json({ conversationId, senderId: user.id, body: 'still here' })))
          .status,
      ).toBe(201);
      expect(await messagesIn(conversationId)).toBe(1);
    });

    it.each([
      ['a NUL character', 'a\u0000b'],
      ['a lone surrogate', 'a\ud800b'],
    ])('refuses %s in text the stores cannot keep verbatim, naming each field', async (_, text) => {
      const refused: [string, unknown, string][] = [
        ['/users', { email: uniqueEmail(), name: text }, 'name'],
        ['/groups', { name: text, ownerId: user.id }, 'name'],
        ['/groups', { name: 'ok', description: text, ownerId: user.id }, 'description'],
        ['/messages', { conversationId: uuidv7(), senderId: user.id, body: text }, 'body'],
        ['/notifications', { userId: friend.id, type: 'bad.text', message: text }, 'message'],
      ];
      for (const [path, body, field] of refused) {
        const problem = expectProblem(await raw('POST', path, json(body)), 400);
        expect({ path, fields: problem.errors?.map((error) => error.field) }).toEqual({
          path,
          fields: [field],
        });
      }
    });

    it.each([
      ['a NUL character', 'a\u0000b'],
      ['a lone surrogate', 'a\ud800b'],
    ])('keeps %s inside notification data verbatim (JSON escapes it)', async (_, text) => {
      const data = { [text]: text };
      expect(
        (
          await raw(
            'POST',
            '/notifications',
            json({ userId: friend.id, type: 'escaped', message: 'm', data }),
          )
        ).status,
      ).toBe(201);
      const { items } = (await raw('GET', `/notifications/${friend.id}?limit=1`)).body as {
        items: { data: unknown }[];
      };
      expect(items[0].data).toEqual(data);
    });
  });

  describe('path traversal in file keys', () => {
    let file: FileBody;
    const content = Buffer.from('the only file these tests may see');

    beforeAll(async () => {
      file = (await (await uploadFile(running, content, { fileName: 'kept.txt' })).json()) as FileBody;
    });

    // `:file` stands for the key of a real file, to try escaping from it to another path.
    const traversals = [
      '../../../../etc/passwd',
      '..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '%252e%252e%252fetc%252fpasswd',
      '..%5C..%5Cwindows%5Cwin.ini',
      '%2Fetc%2Fpasswd',
      '/etc/passwd',
      ':file%2F..%2F..%2Fetc%2Fpasswd',
      '..%2F:file',
    ];
    const routes = [
      ['GET', '/storage/download/{key}'],
      ['GET', '/storage/files/{key}'],
      ['GET', '/storage/files/{key}/url'],
      ['DELETE', '/storage/files/{key}'],
    ];

    it.each(routes.flatMap(([method, route]) => traversals.map((key) => [method, route, key])))(
      '%s %s answers 400 or 404 problem+json to the key %s, and touches no file',
      async (method, route, key) => {
        const reply = await raw(method, route.replace('{key}', key.replace(':file', file.key)));
        expectProblem(reply, 400, 404);
        expect(reply.bytes.toString()).not.toMatch(/root:|\[fonts\]/);
        const download = await raw('GET', `/storage/download/${file.key}`);
        expect(download.status).toBe(200);
        expect(download.bytes).toEqual(content);
      },
    );
  });
});
