import neo4j, { type Driver } from 'neo4j-driver';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { NEO4J_DRIVER } from '../src/infrastructure/neo4j/neo4j.module';
import { type OutboxEvent } from '../src/outbox/outbox-event';
import { OutboxHandlers } from '../src/outbox/outbox-handlers';
import { OutboxWriter } from '../src/outbox/outbox-writer';
import { startApp, useApp } from './support/app';
import { eventually, stores } from './support/harness';
import { type GroupBody, type MembershipBody, client } from './support/users-and-groups';

interface Graph {
  users: string[];
  groups: string[];
  /** One entry per MEMBER_OF edge, as `edge` writes it. */
  memberships: string[];
}

const edge = ({ userId, groupId, role, since }: MembershipBody) =>
  `${userId}→${groupId}:${role}@${Date.parse(since)}`;
const ownerEdge = (group: GroupBody) =>
  edge({ userId: group.ownerId, groupId: group.id, role: 'owner', since: group.createdAt });

describe('outbox', () => {
  const running = useApp();
  const api = client(running);
  let dataSource: DataSource;

  beforeAll(() => {
    dataSource = running.app.get(DataSource);
  });

  /** What the graph holds of the given users and groups. */
  async function graphOf(userIds: string[], groupIds: string[]): Promise<Graph> {
    const driver = running.app.get<Driver>(NEO4J_DRIVER);
    const read = async (cypher: string) => {
      const { records } = await driver.executeQuery(
        cypher,
        { userIds, groupIds },
        { routing: neo4j.routing.READ },
      );
      return records.map((record) => record.get('entry') as string).sort();
    };
    return {
      users: await read('MATCH (user:User) WHERE user.id IN $userIds RETURN user.id AS entry'),
      groups: await read('MATCH (group:Group) WHERE group.id IN $groupIds RETURN group.id AS entry'),
      memberships: await read(
        `MATCH (user:User)-[membership:MEMBER_OF]->(group:Group)
          WHERE user.id IN $userIds OR group.id IN $groupIds
         RETURN user.id + '→' + group.id + ':' + membership.role + '@' + membership.since.epochMillis AS entry`,
      ),
    };
  }

  /** The outbox rows about any of `ids`, oldest first. */
  async function eventsAbout(ids: string[]) {
    return dataSource.query<{ id: string; type: string; processed_at: Date | null; attempts: number }[]>(
      `SELECT id, type, processed_at, attempts FROM outbox
        WHERE payload->>'userId' = ANY($1) OR payload->>'groupId' = ANY($1) ORDER BY id`,
      [ids],
    );
  }

  const allDelivered = async (ids: string[]) => {
    const pending = (await eventsAbout(ids)).filter((event) => event.processed_at === null);
    expect(pending).toEqual([]);
  };

  it('records events only with the transaction that wrote them, and only in one', async () => {
    const writer = running.app.get(OutboxWriter);
    const userId = uuidv7();
    const event: OutboxEvent = { type: 'user.created', userId };
    await expect(
      dataSource.transaction(async (manager) => {
        await writer.append(manager, event);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await eventsAbout([userId])).toEqual([]);
    await expect(writer.append(dataSource.manager, event)).rejects.toThrow(/transaction/);
  });

  const join = async (group: GroupBody, userId: string) =>
    (await api.call<MembershipBody>('PUT', `/groups/${group.id}/members/${userId}`)).body;

  it('records each change with its event and makes the graph follow PostgreSQL', async () => {
    const [owner, member] = [await api.createUser(), await api.createUser()];
    const group = await api.createGroup(owner.id);
    const joined = await join(group, member.id);
    const users = [owner.id, member.id];

    expect((await eventsAbout([...users, group.id])).map((event) => event.type)).toEqual([
      'user.created',
      'user.created',
      'group.created',
      'membership.added',
      'membership.added',
    ]);
    await eventually(async () => {
      expect(await graphOf(users, [group.id])).toEqual({
        users: [...users].sort(),
        groups: [group.id],
        memberships: [ownerEdge(group), edge(joined)].sort(),
      });
    }, 10_000);

    await api.call('DELETE', `/groups/${group.id}/members/${member.id}`);
    await eventually(async () => {
      expect((await graphOf(users, [group.id])).memberships).toEqual([ownerEdge(group)]);
    }, 10_000);

    // Deleting the owner deletes their group too.
    await api.call('DELETE', `/users/${owner.id}`);
    await eventually(async () => {
      expect(await graphOf(users, [group.id])).toEqual({ users: [member.id], groups: [], memberships: [] });
    }, 10_000);
    await eventually(() => allDelivered([...users, group.id]), 10_000);
  }, 60_000);

  it('leaves the graph unchanged when the same events are delivered again', async () => {
    const [owner, stays, leaves] = [await api.createUser(), await api.createUser(), await api.createUser()];
    const group = await api.createGroup(owner.id);
    const joined = await join(group, stays.id);
    await join(group, leaves.id);
    await api.call('DELETE', `/groups/${group.id}/members/${leaves.id}`);
    const users = [owner.id, stays.id, leaves.id];
    const ids = [...users, group.id];
    await eventually(() => allDelivered(ids), 10_000);
    const delivered = await graphOf(users, [group.id]);
    expect(delivered).toEqual({
      users: [...users].sort(),
      groups: [group.id],
      memberships: [ownerEdge(group), edge(joined)].sort(),
    });

    // The handlers given the same events twice more, directly…
    const handlers = running.app.get(OutboxHandlers);
    const again: OutboxEvent[] = [
      { type: 'user.created', userId: stays.id },
      { type: 'group.created', groupId: group.id, ownerId: owner.id },
      { type: 'membership.added', ...joined },
    ];
    for (let i = 0; i < 2; i++) {
      for (const event of again) for (const handle of handlers.handlersFor(event.type)) await handle(event);
    }
    expect(await graphOf(users, [group.id])).toEqual(delivered);

    // …and the whole history delivered again by the relay, in order.
    const redelivery = new Date();
    await dataSource.query(
      `UPDATE outbox SET processed_at = NULL
        WHERE payload->>'userId' = ANY($1) OR payload->>'groupId' = ANY($1)`,
      [ids],
    );
    await eventually(async () => {
      const events = await eventsAbout(ids);
      expect(events).toHaveLength(8);
      for (const { processed_at } of events)
        expect(processed_at?.getTime()).toBeGreaterThan(redelivery.getTime() - 1000);
    }, 10_000);
    expect(await graphOf(users, [group.id])).toEqual(delivered);
  }, 60_000);

  it('never delivers an event twice when two replicas relay at once', async () => {
    const second = await startApp();
    try {
      const seen: string[] = [];
      for (const app of [running.app, second.app]) {
        app.get(OutboxHandlers).register('user.created', ({ userId }) => {
          seen.push(userId);
          return Promise.resolve();
        });
      }
      const apis = [api, client(second)];
      const created = await Promise.all(Array.from({ length: 20 }, (_, i) => apis[i % 2].createUser()));
      const ids = created.map((user) => user.id);
      await eventually(() => allDelivered(ids), 15_000);
      // Another process's relay (a concurrent test run) may deliver some of them, but none of ours twice.
      const ours = seen.filter((id) => ids.includes(id));
      expect(ours.length).toBeGreaterThan(0);
      expect(new Set(ours).size).toBe(ours.length);
    } finally {
      await second.app.close();
    }
  }, 60_000);

  // Stops Neo4j through the harness, so it runs in band with the other integration tests.
  it('converges once Neo4j is back: nothing lost, nothing duplicated', async () => {
    await stores('down', 'neo4j');
    const users: string[] = [];
    const groups: string[] = [];
    const expected: Graph = { users: [], groups: [], memberships: [] };
    try {
      const [owner, leaver, member, hopper] = await Promise.all([1, 2, 3, 4].map(() => api.createUser()));
      users.push(owner.id, leaver.id, member.id, hopper.id);
      const [kept, deleted] = [await api.createGroup(owner.id), await api.createGroup(leaver.id)];
      groups.push(kept.id, deleted.id);
      const [stays] = [
        await join(kept, member.id),
        await join(kept, hopper.id),
        await join(deleted, hopper.id),
      ];
      // The leaver's deletion takes the group they own, and its memberships, with it.
      expect((await api.call('DELETE', `/users/${leaver.id}`)).status).toBe(204);
      expect((await api.call('DELETE', `/groups/${kept.id}/members/${hopper.id}`)).status).toBe(204);
      Object.assign(expected, {
        users: [owner.id, member.id, hopper.id].sort(),
        groups: [kept.id],
        memberships: [ownerEdge(kept), edge(stays)].sort(),
      });

      const events = await eventsAbout([...users, ...groups]);
      expect(events.map((event) => event.type).sort()).toEqual(
        [
          ...Array<string>(4).fill('user.created'),
          ...Array<string>(2).fill('group.created'),
          ...Array<string>(5).fill('membership.added'),
          'group.deleted',
          'user.deleted',
          'membership.removed',
        ].sort(),
      );
      expect(events.filter((event) => event.processed_at !== null)).toEqual([]);
      // The relay keeps trying the oldest pending event, and records why it fails.
      await eventually(async () => {
        const [oldest] = await dataSource.query<{ attempts: number; last_error: string }[]>(
          'SELECT attempts, last_error FROM outbox WHERE processed_at IS NULL ORDER BY id LIMIT 1',
        );
        expect(oldest.attempts).toBeGreaterThan(0);
        expect(oldest.last_error).toMatch(/neo4j/i);
      }, 10_000);
    } finally {
      await stores('up', 'neo4j');
    }

    await eventually(
      async () => {
        expect(await graphOf(users, groups)).toEqual(expected);
        await allDelivered([...users, ...groups]);
      },
      120_000,
      1000,
    );
  }, 600_000);
});
