import Redis from 'ioredis';
import { type Driver } from 'neo4j-driver';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuidv7 } from 'uuid';
import { encodeCursor } from '../src/common/pagination';
import { type AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/config.module';
import { FriendsRepository } from '../src/friends/friends.repository';
import { NEO4J_DRIVER } from '../src/infrastructure/neo4j/neo4j.module';
import { useApp } from './support/app';
import { eventually, outboxDelivered } from './support/harness';
import { type PageBody, type ProblemBody, client, metricValue } from './support/users-and-groups';

interface FriendBody {
  id: string;
  since: string;
}
interface SuggestionBody {
  id: string;
  mutualFriends: number;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('friends', () => {
  const running = useApp();
  const api = client(running);
  let neo4j: Driver;

  beforeAll(() => {
    neo4j = running.app.get<Driver>(NEO4J_DRIVER);
  });

  const newUserId = async () => (await api.createUser()).id;
  const newUserIds = (count: number) => Promise.all(Array.from({ length: count }, newUserId));
  const befriend = (id: string, friendId: string) =>
    api.call<FriendBody>('PUT', `/users/${id}/friends/${friendId}`);
  const unfriend = (id: string, friendId: string) =>
    api.call<undefined>('DELETE', `/users/${id}/friends/${friendId}`);
  const friendsPage = (id: string, query = '') =>
    api.call<PageBody<FriendBody>>('GET', `/users/${id}/friends${query}`);
  const friendIds = async (id: string) =>
    (await friendsPage(id, '?limit=100')).body.items.map((friend) => friend.id);
  const suggestedIds = async (id: string) =>
    (await api.call<PageBody<SuggestionBody>>('GET', `/users/${id}/suggestions`)).body.items.map(
      (suggestion) => suggestion.id,
    );

  /** Befriends each pair, checking each answer. */
  async function connect(...pairs: [string, string][]): Promise<void> {
    for (const [id, friendId] of pairs) expect((await befriend(id, friendId)).status).toBe(201);
  }

  /** Reads every page of a list, following nextCursor. */
  async function allPages<T>(path: string, limit: number): Promise<T[][]> {
    const pages: T[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await api.call<PageBody<T>>('GET', `${path}${query}`);
      expect(status).toBe(200);
      pages.push(body.items);
      cursor = body.nextCursor;
    } while (cursor !== null);
    return pages;
  }

  async function countGraph(cypher: string, params: Record<string, unknown>): Promise<number> {
    const { records } = await neo4j.executeQuery(cypher, params);
    return records[0].get('count') as number;
  }
  const friendshipEdges = (a: string, b: string) =>
    countGraph(
      'MATCH (:User {id: $a})-[friendship:FRIEND]-(:User {id: $b}) RETURN count(friendship) AS count',
      {
        a,
        b,
      },
    );
  const userNodes = (id: string) =>
    countGraph('MATCH (user:User {id: $id}) RETURN count(user) AS count', { id });

  describe('PUT /users/:id/friends/:friendId', () => {
    it('befriends symmetrically: each user lists the other with the same since', async () => {
      const [ada, bob] = await newUserIds(2);
      const { status, body } = await befriend(ada, bob);
      expect(status).toBe(201);
      expect(body).toEqual({ id: bob, since: expect.any(String) });
      expect(new Date(body.since).toISOString()).toBe(body.since);

      expect((await friendsPage(ada)).body.items).toEqual([{ id: bob, since: body.since }]);
      expect((await friendsPage(bob)).body.items).toEqual([{ id: ada, since: body.since }]);
    });

    it('is idempotent: repeated and concurrent befriends from either side leave one edge', async () => {
      const [ada, bob] = await newUserIds(2);
      const first = await befriend(ada, bob);
      const again = await befriend(ada, bob);
      const reversed = await befriend(bob, ada);
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => befriend(ada, bob)));

      expect(first.status).toBe(201);
      for (const reply of [again, ...concurrent]) expect(reply).toEqual({ status: 200, body: first.body });
      expect(reversed).toEqual({ status: 200, body: { id: ada, since: first.body.since } });
      expect(await friendshipEdges(ada, bob)).toBe(1);
    });

    it('creates one edge when two users befriend each other at the same time', async () => {
      const [ada, bob] = await newUserIds(2);
      const replies = await Promise.all([befriend(ada, bob), befriend(bob, ada), befriend(ada, bob)]);
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 201]);
      expect(await friendshipEdges(ada, bob)).toBe(1);
    });

    it('accepts ids in upper case and stores them as PostgreSQL answers them', async () => {
      const [ada, bob] = await newUserIds(2);
      const { status, body } = await befriend(ada.toUpperCase(), bob.toUpperCase());
      expect(status).toBe(201);
      expect(body.id).toBe(bob);
      expect(await friendIds(ada)).toEqual([bob]);
    });

    it('answers 400 naming friendId when a user befriends themselves', async () => {
      const ada = await newUserId();
      const { status, body } = await api.call<ProblemBody>('PUT', `/users/${ada}/friends/${ada}`);
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toEqual(['friendId']);
    });

    it('answers 404 naming the unknown user, and leaves no node for them in the graph', async () => {
      const ada = await newUserId();
      const ghost = uuidv7();

      const unknownFriend = await api.call<ProblemBody>('PUT', `/users/${ada}/friends/${ghost}`);
      expect(unknownFriend.status).toBe(404);
      expect(unknownFriend.body.detail).toBe(`no user ${ghost} (friendId)`);

      const unknownUser = await api.call<ProblemBody>('PUT', `/users/${ghost}/friends/${ada}`);
      expect(unknownUser.status).toBe(404);
      expect(unknownUser.body.detail).toBe(`no user ${ghost} (id)`);

      const otherGhost = uuidv7();
      const both = await api.call<ProblemBody>('PUT', `/users/${ghost}/friends/${otherGhost}`);
      expect(both.status).toBe(404);
      expect(both.body.detail).toBe(`no user ${ghost} (id); no user ${otherGhost} (friendId)`);

      expect(await userNodes(ghost)).toBe(0);
      expect(await friendIds(ada)).toEqual([]);
    });

    it('answers 404 for a user deleted while the friendship is written, and leaves no node or edge of them', async () => {
      const [staying, leaving] = await newUserIds(2);
      const repository = running.app.get(FriendsRepository);
      const befriendInGraph = repository.befriend.bind(repository);
      // The user goes, and the relay removes their node, between the existence check and the MERGE,
      // which then creates the node again.
      const spy = jest.spyOn(repository, 'befriend').mockImplementationOnce(async (...args) => {
        expect((await api.call('DELETE', `/users/${leaving}`)).status).toBe(204);
        await outboxDelivered(running);
        return befriendInGraph(...args);
      });

      const { status, body } = await api.call<ProblemBody>('PUT', `/users/${staying}/friends/${leaving}`);
      spy.mockRestore();
      expect(status).toBe(404);
      expect(body.detail).toBe(`no user ${leaving} (friendId)`);
      expect(await userNodes(leaving)).toBe(0);
      expect(await friendshipEdges(staying, leaving)).toBe(0);
      expect(await friendIds(staying)).toEqual([]);
    });

    it.each([
      ['id', '/users/not-a-uuid/friends/0190c4a4-0000-7000-8000-000000000000'],
      ['friendId', '/users/0190c4a4-0000-7000-8000-000000000000/friends/not-a-uuid'],
    ])('answers 400 naming %s when it is not a UUID', async (field, path) => {
      const { status, body } = await api.call<ProblemBody>('PUT', path);
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toEqual([field]);
    });
  });

  describe('DELETE /users/:id/friends/:friendId', () => {
    it('unfriends from both sides, and answers 204 again when they are no longer friends', async () => {
      const [ada, bob, cid] = await newUserIds(3);
      await connect([ada, bob], [ada, cid]);

      expect((await unfriend(bob, ada)).status).toBe(204);
      expect(await friendIds(ada)).toEqual([cid]);
      expect(await friendIds(bob)).toEqual([]);
      expect(await friendshipEdges(ada, bob)).toBe(0);
      expect((await unfriend(ada, bob)).status).toBe(204);
    });

    it('answers 404 naming an unknown user and 400 naming friendId for oneself', async () => {
      const ada = await newUserId();
      const ghost = uuidv7();
      const unknown = await api.call<ProblemBody>('DELETE', `/users/${ada}/friends/${ghost}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe(`no user ${ghost} (friendId)`);

      const self = await api.call<ProblemBody>('DELETE', `/users/${ada}/friends/${ada}`);
      expect(self.status).toBe(400);
      expect(self.body.errors?.map((error) => error.field)).toEqual(['friendId']);
    });

    it('answers 404 without touching a friendship the graph still holds for a user PostgreSQL lacks', async () => {
      // As a deleted user's edges are until the outbox has removed their node.
      const ada = await newUserId();
      const ghost = uuidv7();
      const [low, high] = [ada, ghost].sort(byId);
      await neo4j.executeQuery(
        'MERGE (low:User {id: $low}) MERGE (high:User {id: $high}) MERGE (low)-[:FRIEND {since: datetime()}]->(high)',
        { low, high },
      );

      expect((await unfriend(ada, ghost)).status).toBe(404);
      expect(await friendshipEdges(ada, ghost)).toBe(1);

      await neo4j.executeQuery('MATCH (ghost:User {id: $ghost}) DETACH DELETE ghost', { ghost });
    });
  });

  describe('GET /users/:id/friends', () => {
    it('pages through 25 friends 10 at a time, by id, to the end', async () => {
      const ada = await newUserId();
      const friends = await newUserIds(25);
      const replies = await Promise.all(friends.map((friend) => befriend(ada, friend)));
      expect(replies.every((reply) => reply.status === 201)).toBe(true);

      const pages = await allPages<FriendBody>(`/users/${ada}/friends`, 10);
      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      expect(pages.flat().map((friend) => friend.id)).toEqual([...friends].sort(byId));
    });

    it('lists no friends for a user the graph has not seen yet', async () => {
      const ada = await newUserId();
      expect((await friendsPage(ada)).body).toEqual({ items: [], nextCursor: null });
    });

    it('answers 404 for an unknown user, and caches nothing for it', async () => {
      const ghost = uuidv7();
      const { status, body } = await api.call<ProblemBody>('GET', `/users/${ghost}/friends`);
      expect(status).toBe(404);
      expect(body.detail).toBe(`no user ${ghost} (id)`);
      // Nothing cached for it, then or a moment later: random ids must not fill the cache.
      await sleep(300);
      expect(await running.app.get(Redis).exists(`cache:{friends:${ghost}}`)).toBe(0);
    });

    it.each([
      ['is not base64 JSON', '%%%'],
      ['has no position', encodeCursor({ page: 2 })],
      ['positions after a non-id', encodeCursor({ after: 'bob' })],
    ])('answers 400 naming cursor for a cursor that %s', async (_, cursor) => {
      const ada = await newUserId();
      const { status, body } = await api.call<ProblemBody>(
        'GET',
        `/users/${ada}/friends?cursor=${encodeURIComponent(cursor)}`,
      );
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toEqual(['cursor']);
    });

    it('answers 400 naming limit when it is out of range', async () => {
      const ada = await newUserId();
      const { status, body } = await api.call<ProblemBody>('GET', `/users/${ada}/friends?limit=101`);
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toEqual(['limit']);
    });

    it('forgets the friendships of a deleted user', async () => {
      const [ada, bob] = await newUserIds(2);
      await connect([ada, bob]);
      expect((await api.call('DELETE', `/users/${bob}`)).status).toBe(204);
      await eventually(async () => expect(await friendIds(ada)).toEqual([]), 10_000);
      expect(await userNodes(bob)).toBe(0);
    });
  });

  describe('GET /users/:id/friends/mutual/:otherId', () => {
    it('lists the friends both users share, by id, from either side and page by page', async () => {
      // ada: bob, cid, dan, eve; fay: cid, dan, eve, gus; ada and fay are friends too.
      const [ada, bob, cid, dan, eve, fay, gus] = await newUserIds(7);
      await connect(
        [ada, bob],
        [ada, cid],
        [ada, dan],
        [eve, ada],
        [fay, cid],
        [dan, fay],
        [fay, eve],
        [fay, gus],
      );
      await connect([ada, fay]);
      const mutual = [cid, dan, eve].sort(byId);

      const pages = await allPages<{ id: string }>(`/users/${ada}/friends/mutual/${fay}`, 2);
      expect(pages.map((page) => page.map((user) => user.id))).toEqual([mutual.slice(0, 2), mutual.slice(2)]);
      const reverse = await api.call<PageBody<{ id: string }>>('GET', `/users/${fay}/friends/mutual/${ada}`);
      expect(reverse.body).toEqual({ items: mutual.map((id) => ({ id })), nextCursor: null });
    });

    it('answers 400 naming otherId for the same user twice, and 404 naming an unknown one', async () => {
      const ada = await newUserId();
      const self = await api.call<ProblemBody>('GET', `/users/${ada}/friends/mutual/${ada}`);
      expect(self.status).toBe(400);
      expect(self.body.errors?.map((error) => error.field)).toEqual(['otherId']);

      const ghost = uuidv7();
      const unknown = await api.call<ProblemBody>('GET', `/users/${ada}/friends/mutual/${ghost}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe(`no user ${ghost} (otherId)`);
    });
  });

  describe('GET /users/:id/suggestions', () => {
    /**
     * ada's friends: bob, cid, dan (bob and cid are friends too). bob and cid know xav; dan knows
     * yan and zoe. So xav (2 mutual friends), then yan and zoe (1 each, by id); never ada nor her
     * friends, although bob and cid are friends of her friends.
     */
    async function handBuiltGraph() {
      const [ada, bob, cid, dan, xav, yan, zoe] = await newUserIds(7);
      await connect(
        [ada, bob],
        [cid, ada],
        [ada, dan],
        [bob, cid],
        [bob, xav],
        [xav, cid],
        [dan, yan],
        [zoe, dan],
      );
      const [first, second] = [yan, zoe].sort(byId);
      return {
        ada,
        expected: [
          { id: xav, mutualFriends: 2 },
          { id: first, mutualFriends: 1 },
          { id: second, mutualFriends: 1 },
        ],
      };
    }

    it('ranks friends of friends by mutual friends, then id, leaving out the user and their friends', async () => {
      const { ada, expected } = await handBuiltGraph();
      const { status, body } = await api.call<PageBody<SuggestionBody>>('GET', `/users/${ada}/suggestions`);
      expect(status).toBe(200);
      expect(body).toEqual({ items: expected, nextCursor: null });
    });

    it('pages through suggestions in the same order', async () => {
      const { ada, expected } = await handBuiltGraph();
      const pages = await allPages<SuggestionBody>(`/users/${ada}/suggestions`, 1);
      expect(pages).toEqual(expected.map((suggestion) => [suggestion]));
    });

    it('no longer suggests a user once befriended, although the suggestions were read before', async () => {
      const { ada, expected } = await handBuiltGraph();
      expect(await suggestedIds(ada)).toContain(expected[0].id);
      await connect([ada, expected[0].id]);
      expect(await suggestedIds(ada)).not.toContain(expected[0].id);
    });

    it('answers 400 naming cursor for a cursor of the friends list, and 404 for an unknown user', async () => {
      const ada = await newUserId();
      const friendsCursor = encodeCursor({ after: uuidv7() });
      const foreign = await api.call<ProblemBody>('GET', `/users/${ada}/suggestions?cursor=${friendsCursor}`);
      expect(foreign.status).toBe(400);
      expect(foreign.body.errors?.map((error) => error.field)).toEqual(['cursor']);

      const ghost = uuidv7();
      const unknown = await api.call<ProblemBody>('GET', `/users/${ghost}/suggestions`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe(`no user ${ghost} (id)`);
    });
  });

  describe('cache', () => {
    const cacheRequests = (result: 'hit' | 'miss') =>
      metricValue(running, 'cache_requests_total', { cache: 'friends', result });

    it('serves a friends page read again from the cache, answering the same', async () => {
      const [ada, bob] = await newUserIds(2);
      await connect([ada, bob]);
      const [hits, misses] = [await cacheRequests('hit'), await cacheRequests('miss')];
      const first = await friendsPage(ada);
      const second = await friendsPage(ada);
      expect(await cacheRequests('miss')).toBe(misses + 1);
      expect(await cacheRequests('hit')).toBe(hits + 1);
      expect(second).toEqual(first);
    });

    it("shows a befriend and an unfriend at once in both users' lists read before", async () => {
      const [ada, bob, cid] = await newUserIds(3);
      await connect([ada, bob]);
      expect(await friendIds(ada)).toEqual([bob]);
      expect(await friendIds(cid)).toEqual([]);

      await connect([cid, ada]);
      expect(await friendIds(ada)).toEqual([bob, cid].sort(byId));
      expect(await friendIds(cid)).toEqual([ada]);

      expect((await unfriend(ada, cid)).status).toBe(204);
      expect(await friendIds(ada)).toEqual([bob]);
      expect(await friendIds(cid)).toEqual([]);
    });

    it('drops a deleted user from the friends and suggestions read before, once the outbox delivered', async () => {
      const [ada, bob, cid] = await newUserIds(3);
      await connect([ada, bob], [bob, cid]);
      expect(await friendIds(ada)).toEqual([bob]);
      expect(await friendIds(cid)).toEqual([bob]);
      expect(await suggestedIds(ada)).toEqual([cid]);

      expect((await api.call('DELETE', `/users/${bob}`)).status).toBe(204);
      await outboxDelivered(running);
      expect(await friendIds(ada)).toEqual([]);
      expect(await friendIds(cid)).toEqual([]);
      expect(await suggestedIds(ada)).toEqual([]);
      expect((await friendsPage(bob)).status).toBe(404);
    });

    it('keeps suggestions no longer than SUGGESTIONS_CACHE_TTL_SECONDS, which no write of a friend of a friend drops', async () => {
      const { SUGGESTIONS_CACHE_TTL_SECONDS } = running.app.get<AppConfig>(APP_CONFIG);
      const [ada, bob, cid, dan] = await newUserIds(4);
      await connect([ada, bob], [bob, cid]);
      expect(await suggestedIds(ada)).toEqual([cid]);
      const cached = `cache:{suggestions:${ada}}`;
      const ttl = await running.app.get(Redis).ttl(cached);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(SUGGESTIONS_CACHE_TTL_SECONDS);

      // Dan is now a friend of a friend of Ada's, but the write drops only Bob's and Dan's entries.
      await connect([bob, dan]);
      expect(await running.app.get(Redis).exists(cached)).toBe(1);
      expect(await suggestedIds(ada)).toEqual([cid]);
    });
  });

  it('documents every friends route in OpenAPI with its success and error answers', async () => {
    type Operation = { tags: string[]; responses: Record<string, unknown> };
    const { body } = await api.call<{ paths: Record<string, Record<string, Operation>> }>(
      'GET',
      '/docs-json',
    );
    const routes: [string, string, string[]][] = [
      ['put', '/users/{id}/friends/{friendId}', ['200', '201']],
      ['delete', '/users/{id}/friends/{friendId}', ['204']],
      ['get', '/users/{id}/friends', ['200']],
      ['get', '/users/{id}/friends/mutual/{otherId}', ['200']],
      ['get', '/users/{id}/suggestions', ['200']],
    ];
    for (const [method, path, successes] of routes) {
      const operation = body.paths[path]?.[method];
      expect(operation?.tags).toEqual(['friends']);
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(
        [...successes, '400', '404', '503'].sort(),
      );
    }
  });
});
