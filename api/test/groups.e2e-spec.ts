import Redis from 'ioredis';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { encodeIdCursor } from '../src/common/id-cursor';
import { useApp } from './support/app';
import { outboxDelivered } from './support/harness';
import {
  type GroupBody,
  type MembershipBody,
  type PageBody,
  type ProblemBody,
  client,
  metricValue,
} from './support/users-and-groups';

describe('groups and memberships', () => {
  const running = useApp();
  const api = client(running);

  /** Every item of a list, walking its pages `limit` at a time from `cursor`. */
  async function walk<T>(path: string, limit: number, cursor: string | null = null): Promise<T[]> {
    const items: T[] = [];
    do {
      const query = `limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`;
      const { status, body } = await api.call<PageBody<T>>('GET', `${path}?${query}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor !== null);
    return items;
  }

  /** A membership list, read from Neo4j once the relay has copied every write so far there. */
  async function walkGraph(path: string, limit: number): Promise<MembershipBody[]> {
    await outboxDelivered(running);
    return walk<MembershipBody>(path, limit);
  }

  const join = (groupId: string, userId: string) =>
    api.call<MembershipBody>('PUT', `/groups/${groupId}/members/${userId}`);
  const memberIds = async (groupId: string) =>
    (await walkGraph(`/groups/${groupId}/members`, 100)).map((membership) => membership.userId);

  describe('POST /groups', () => {
    it('creates a group whose owner is its first member', async () => {
      const owner = await api.createUser();
      const { status, body } = await api.call<GroupBody>('POST', '/groups', {
        name: ' Lisbon ',
        ownerId: owner.id,
      });
      expect(status).toBe(201);
      expect(body).toEqual({
        id: expect.any(String),
        name: 'Lisbon',
        description: null,
        ownerId: owner.id,
        createdAt: expect.any(String),
        updatedAt: body.createdAt,
      });
      expect((await api.call<GroupBody>('GET', `/groups/${body.id}`)).body).toEqual(body);
      const members = await walkGraph(`/groups/${body.id}/members`, 10);
      expect(members).toEqual([{ groupId: body.id, userId: owner.id, role: 'owner', since: body.createdAt }]);
    });

    it('keeps a description', async () => {
      const owner = await api.createUser();
      const { body } = await api.call<GroupBody>('POST', '/groups', {
        name: 'Porto',
        description: 'By the river',
        ownerId: owner.id,
      });
      expect(body.description).toBe('By the river');
    });

    it.each([
      ['name', 'an empty one', { name: '' }],
      ['name', 'a number', { name: 42 }],
      ['ownerId', 'one that is not a UUID', { name: 'Faro', ownerId: 'me' }],
      ['description', 'one of 1001 characters', { name: 'Faro', description: 'x'.repeat(1001) }],
      ['visibility', 'an unknown field', { name: 'Faro', visibility: 'public' }],
    ])('answers 400 naming %s for %s', async (field, _case, group) => {
      const owner = await api.createUser();
      const { status, body } = await api.call<ProblemBody>('POST', '/groups', {
        ownerId: owner.id,
        ...group,
      });
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toContain(field);
    });

    it('answers 404 naming ownerId when the owner is not a user', async () => {
      const ownerId = uuidv7();
      const { status, body } = await api.call<ProblemBody>('POST', '/groups', { name: 'Ghosts', ownerId });
      expect(status).toBe(404);
      expect(body.detail).toContain(ownerId);
      expect(body.errors?.[0].field).toBe('ownerId');
    });
  });

  describe('GET /groups', () => {
    it('walks every group once, in id order, to a last page without nextCursor', async () => {
      const owner = await api.createUser();
      // Other tests create groups concurrently: start just before ours and look at ours.
      const anchor = await api.createGroup(owner.id);
      const ours: string[] = [];
      for (let i = 0; i < 12; i++) ours.push((await api.createGroup(owner.id, `Group ${i}`)).id);

      const seen = (await walk<GroupBody>('/groups', 5, encodeIdCursor(anchor.id))).map((group) => group.id);
      expect(seen).toEqual([...seen].sort());
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => ours.includes(id))).toEqual(ours);
    });

    it('answers 400 naming cursor for a cursor it did not issue', async () => {
      const { status, body } = await api.call<ProblemBody>('GET', '/groups?cursor=abc');
      expect(status).toBe(400);
      expect(body.errors?.[0].field).toBe('cursor');
    });
  });

  describe('GET /groups/:id', () => {
    it('answers 404 for an unknown id and 400 naming id for a non-UUID', async () => {
      expect((await api.call('GET', `/groups/${uuidv7()}`)).status).toBe(404);
      const { status, body } = await api.call<ProblemBody>('GET', '/groups/first');
      expect(status).toBe(400);
      expect(body.errors?.[0].field).toBe('id');
    });
  });

  describe('PATCH /groups/:id', () => {
    it('changes only the fields sent, and null removes the description', async () => {
      const owner = await api.createUser();
      const group = (
        await api.call<GroupBody>('POST', '/groups', {
          name: 'Before',
          description: 'Old',
          ownerId: owner.id,
        })
      ).body;
      const renamed = await api.call<GroupBody>('PATCH', `/groups/${group.id}`, { name: 'After' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'After', description: 'Old', ownerId: owner.id });
      const cleared = await api.call<GroupBody>('PATCH', `/groups/${group.id}`, { description: null });
      expect(cleared.body).toMatchObject({ name: 'After', description: null });
      expect((await api.call<GroupBody>('GET', `/groups/${group.id}`)).body).toEqual(cleared.body);
    });

    it.each([
      ['name', { name: null }],
      ['name', { name: ' ' }],
      ['ownerId', { ownerId: uuidv7() }],
    ])('answers 400 naming %s for %j', async (field, changes) => {
      const group = await api.createGroup((await api.createUser()).id);
      const { status, body } = await api.call<ProblemBody>('PATCH', `/groups/${group.id}`, changes);
      expect(status).toBe(400);
      expect(body.errors?.map((error) => error.field)).toContain(field);
    });

    it('answers 404 for an unknown id', async () => {
      expect((await api.call('PATCH', `/groups/${uuidv7()}`, { name: 'None' })).status).toBe(404);
    });
  });

  describe('DELETE /groups/:id', () => {
    it('answers 204 and ends every membership; a second delete answers 404', async () => {
      const [owner, member] = [await api.createUser(), await api.createUser()];
      const group = await api.createGroup(owner.id);
      await join(group.id, member.id);
      expect((await api.call('DELETE', `/groups/${group.id}`)).status).toBe(204);
      expect((await api.call('GET', `/groups/${group.id}`)).status).toBe(404);
      expect((await api.call('GET', `/groups/${group.id}/members`)).status).toBe(404);
      expect(await walkGraph(`/users/${member.id}/groups`, 10)).toEqual([]);
      expect((await api.call('DELETE', `/groups/${group.id}`)).status).toBe(404);
    });
  });

  describe('PUT /groups/:id/members/:userId', () => {
    it('answers 201 when the user joins and 200 with the same membership when already a member', async () => {
      const [owner, member] = [await api.createUser(), await api.createUser()];
      const group = await api.createGroup(owner.id);
      const first = await join(group.id, member.id);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        groupId: group.id,
        userId: member.id,
        role: 'member',
        since: expect.any(String),
      });
      const again = await join(group.id, member.id);
      expect(again).toEqual({ status: 200, body: first.body });
      expect(await memberIds(group.id)).toEqual([owner.id, member.id]);
    });

    it("keeps the owner's role when the owner joins again", async () => {
      const owner = await api.createUser();
      const group = await api.createGroup(owner.id);
      expect(await join(group.id, owner.id)).toMatchObject({ status: 200, body: { role: 'owner' } });
    });

    it('answers 404 naming the group or the user that does not exist', async () => {
      const user = await api.createUser();
      const group = await api.createGroup(user.id);
      const [missingGroup, missingUser] = [uuidv7(), uuidv7()];
      const noGroup = await api.call<ProblemBody>('PUT', `/groups/${missingGroup}/members/${user.id}`);
      expect(noGroup.status).toBe(404);
      expect(noGroup.body.detail).toContain(`group ${missingGroup}`);
      const noUser = await api.call<ProblemBody>('PUT', `/groups/${group.id}/members/${missingUser}`);
      expect(noUser.status).toBe(404);
      expect(noUser.body.detail).toContain(`user ${missingUser}`);
    });

    // Joining again meets the membership without locking it: it is ended, by the member leaving
    // or the group's deletion, before the join reads it.
    it.each([
      ['the member leaves', (groupId: string, userId: string) => `/groups/${groupId}/members/${userId}`, 201],
      ['the group is deleted', (groupId: string) => `/groups/${groupId}`, 404],
    ])('answers as if it came after when %s between the join and its read', async (_, ending, status) => {
      const [owner, member] = [await api.createUser(), await api.createUser()];
      const group = await api.createGroup(owner.id);
      expect((await join(group.id, member.id)).status).toBe(201);
      const readMembership = EntityManager.prototype.findOneBy;
      const spy = jest.spyOn(EntityManager.prototype, 'findOneBy').mockImplementationOnce(async function (
        this: EntityManager,
        ...args
      ) {
        expect((await api.call('DELETE', ending(group.id, member.id))).status).toBe(204);
        return readMembership.apply(this, args);
      });

      const joined = await join(group.id, member.id);
      spy.mockRestore();
      expect(joined.status).toBe(status);
      const rows = await running.app
        .get(DataSource)
        .query<{ user_id: string }[]>('SELECT user_id FROM group_members WHERE group_id = $1', [group.id]);
      const members = status === 201 ? [owner.id, member.id] : [];
      expect(rows.map((row) => row.user_id).sort()).toEqual(members.sort());
      if (status === 201) expect(await memberIds(group.id)).toEqual(members);
    });

    it('answers 400 naming userId when it is not a UUID', async () => {
      const { status, body } = await api.call<ProblemBody>('PUT', `/groups/${uuidv7()}/members/someone`);
      expect(status).toBe(400);
      expect(body.errors?.[0].field).toBe('userId');
    });
  });

  describe('DELETE /groups/:id/members/:userId', () => {
    it('answers 204 when a member leaves, then 404 since they no longer are one', async () => {
      const [owner, member] = [await api.createUser(), await api.createUser()];
      const group = await api.createGroup(owner.id);
      await join(group.id, member.id);
      expect((await api.call('DELETE', `/groups/${group.id}/members/${member.id}`)).status).toBe(204);
      expect(await memberIds(group.id)).toEqual([owner.id]);
      const again = await api.call<ProblemBody>('DELETE', `/groups/${group.id}/members/${member.id}`);
      expect(again.status).toBe(404);
      expect(again.body.detail).toContain('not a member');
    });

    it('answers 409 when the owner tries to leave, and the owner stays', async () => {
      const owner = await api.createUser();
      const group = await api.createGroup(owner.id);
      expect((await api.call('DELETE', `/groups/${group.id}/members/${owner.id}`)).status).toBe(409);
      expect(await memberIds(group.id)).toEqual([owner.id]);
    });

    it('answers 404 naming the group when it does not exist', async () => {
      const groupId = uuidv7();
      const { status, body } = await api.call<ProblemBody>(
        'DELETE',
        `/groups/${groupId}/members/${uuidv7()}`,
      );
      expect(status).toBe(404);
      expect(body.detail).toContain(`group ${groupId} not found`);
    });
  });

  describe('GET /groups/:id/members and GET /users/:id/groups', () => {
    it("walks a group's members once each, in user id order", async () => {
      const owner = await api.createUser();
      const group = await api.createGroup(owner.id);
      const members = [owner.id];
      for (let i = 0; i < 11; i++) {
        const user = await api.createUser();
        await join(group.id, user.id);
        members.push(user.id);
      }
      const walked = await walkGraph(`/groups/${group.id}/members`, 5);
      expect(walked.map((membership) => membership.userId)).toEqual([...members].sort());
      expect(walked.filter((membership) => membership.role === 'owner').map((m) => m.userId)).toEqual([
        owner.id,
      ]);
    });

    it("walks a user's memberships once each, in group id order, with their roles", async () => {
      const [user, other] = [await api.createUser(), await api.createUser()];
      const owned = await api.createGroup(user.id);
      const joined: string[] = [];
      for (let i = 0; i < 4; i++) {
        const group = await api.createGroup(other.id);
        await join(group.id, user.id);
        joined.push(group.id);
      }
      const walked = await walkGraph(`/users/${user.id}/groups`, 2);
      expect(walked.map((membership) => membership.groupId)).toEqual([owned.id, ...joined].sort());
      expect(walked.find((membership) => membership.groupId === owned.id)?.role).toBe('owner');
      expect(walked.filter((membership) => membership.role === 'member')).toHaveLength(4);
    });

    it('answers an empty page for a user in no group, and 404 for an unknown user or group', async () => {
      const loner = await api.createUser();
      expect((await api.call('GET', `/users/${loner.id}/groups`)).body).toEqual({
        items: [],
        nextCursor: null,
      });
      expect((await api.call('GET', `/users/${uuidv7()}/groups`)).status).toBe(404);
      expect((await api.call('GET', `/groups/${uuidv7()}/members`)).status).toBe(404);
    });

    it('answers 400 naming cursor for a cursor it did not issue', async () => {
      const owner = await api.createUser();
      const group = await api.createGroup(owner.id);
      const { status, body } = await api.call<ProblemBody>('GET', `/groups/${group.id}/members?cursor=zzz`);
      expect(status).toBe(400);
      expect(body.errors?.[0].field).toBe('cursor');
    });
  });

  describe('deleting a user', () => {
    it('deletes the groups they own and their memberships elsewhere, leaving no orphan row', async () => {
      const [leaving, staying] = [await api.createUser(), await api.createUser()];
      const owned = await api.createGroup(leaving.id);
      await join(owned.id, staying.id);
      const joined = await api.createGroup(staying.id);
      await join(joined.id, leaving.id);

      expect((await api.call('DELETE', `/users/${leaving.id}`)).status).toBe(204);

      expect((await api.call('GET', `/groups/${owned.id}`)).status).toBe(404);
      expect(await memberIds(joined.id)).toEqual([staying.id]);
      expect((await walkGraph(`/users/${staying.id}/groups`, 10)).map((m) => m.groupId)).toEqual([joined.id]);
      const dataSource = running.app.get(DataSource);
      const [{ count }] = await dataSource.query<[{ count: number }]>(
        `SELECT (SELECT count(*) FROM groups WHERE owner_id = $1)
              + (SELECT count(*) FROM group_members WHERE user_id = $1 OR group_id = $2) AS count`,
        [leaving.id, owned.id],
      );
      expect(Number(count)).toBe(0);
    });
  });

  describe('cache', () => {
    const cacheKey = (id: string) => `cache:{group:${id}}`;
    const cacheRequests = (result: 'hit' | 'miss') =>
      metricValue(running, 'cache_requests_total', { cache: 'group', result });

    it('misses the first read, caches it in Redis and serves the next from the cache; PATCH drops it', async () => {
      const redis = running.app.get(Redis);
      const group = await api.createGroup((await api.createUser()).id);
      const [hits, misses] = [await cacheRequests('hit'), await cacheRequests('miss')];
      await api.call('GET', `/groups/${group.id}`);
      await api.call('GET', `/groups/${group.id}`);
      expect(await cacheRequests('miss')).toBe(misses + 1);
      expect(await cacheRequests('hit')).toBe(hits + 1);
      expect(await redis.exists(cacheKey(group.id))).toBe(1);

      await api.call('PATCH', `/groups/${group.id}`, { name: 'Renamed' });
      expect(await redis.exists(cacheKey(group.id))).toBe(0);
      expect((await api.call<GroupBody>('GET', `/groups/${group.id}`)).body.name).toBe('Renamed');
    });

    it('drops a cached group when it is deleted, directly or with its owner', async () => {
      const redis = running.app.get(Redis);
      const owner = await api.createUser();
      const [deleted, withOwner] = [await api.createGroup(owner.id), await api.createGroup(owner.id)];
      for (const group of [deleted, withOwner]) await api.call('GET', `/groups/${group.id}`);

      await api.call('DELETE', `/groups/${deleted.id}`);
      expect(await redis.exists(cacheKey(deleted.id))).toBe(0);
      expect((await api.call('GET', `/groups/${deleted.id}`)).status).toBe(404);

      await api.call('DELETE', `/users/${owner.id}`);
      expect(await redis.exists(cacheKey(withOwner.id))).toBe(0);
      expect((await api.call('GET', `/groups/${withOwner.id}`)).status).toBe(404);
    });
  });
});
