import { type Driver } from 'neo4j-driver';
import { v7 as uuidv7 } from 'uuid';
import { FriendsRepository } from '../src/friends/friends.repository';
import { MembershipGraphRepository } from '../src/groups/membership-graph.repository';
import { NEO4J_DRIVER } from '../src/infrastructure/neo4j/neo4j.module';
import { useApp } from './support/app';

/*
 * Neo4j reads committed data: an edge or node that another transaction deletes while a query
 * walks it reads as null. Every list read while its rows are being deleted leaves those rows
 * out: it never answers one half empty, nor fails on it.
 */

// Long lists, so that each read walks rows for a while, and a few hundred of them deleted one by
// one: without the guard every list met a deletion in every run (300 rows, five deleted at a
// time, left the members list clean).
const ROWS = 1000;
const DELETED = 300;
const PAGE = 50;
const DETACH_DELETE = (label: 'User' | 'Group') => `MATCH (node:${label} {id: $id}) DETACH DELETE node`;
const manyIds = () => Array.from({ length: ROWS }, () => uuidv7());

describe('graph lists read while their rows are deleted', () => {
  const running = useApp();
  let driver: Driver;
  let memberships: MembershipGraphRepository;
  let friends: FriendsRepository;

  beforeAll(() => {
    driver = running.app.get<Driver>(NEO4J_DRIVER);
    memberships = running.app.get(MembershipGraphRepository);
    friends = running.app.get(FriendsRepository);
  });

  /**
   * Reads `list` over and over, four readers at once, while the first DELETED of `ids` go one by
   * one. At least ROWS - DELETED rows stay, so every read must be a full page.
   */
  async function readWhileDeleting<T>(
    label: 'User' | 'Group',
    ids: string[],
    list: () => Promise<T[]>,
  ): Promise<T[]> {
    let deleting = true;
    const deletions = (async () => {
      for (const id of ids.slice(0, DELETED)) await driver.executeQuery(DETACH_DELETE(label), { id });
    })().finally(() => (deleting = false));
    const rows: T[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (deleting) {
        const page = await list();
        expect(page).toHaveLength(PAGE);
        rows.push(...page);
      }
    });
    await Promise.all([deletions, ...readers]);
    expect(rows.length).toBeGreaterThan(0);
    return rows;
  }

  const whole = (row: { role: string; since: string }) => row.role === 'member' && Boolean(row.since);

  it("a user's groups", async () => {
    const [userId, groupIds] = [uuidv7(), manyIds()];
    await driver.executeQuery(
      `CREATE (user:User {id: $userId}) WITH user UNWIND $groupIds AS groupId
       CREATE (user)-[:MEMBER_OF {role: 'member', since: datetime()}]->(:Group {id: groupId})`,
      { userId, groupIds },
    );

    const rows = await readWhileDeleting('Group', groupIds, () =>
      memberships.groupsOf(userId, undefined, PAGE),
    );
    expect(rows.filter((row) => !groupIds.includes(row.groupId) || !whole(row))).toEqual([]);
  });

  it("a group's members", async () => {
    const [groupId, memberIds] = [uuidv7(), manyIds()];
    await driver.executeQuery(
      `CREATE (group:Group {id: $groupId}) WITH group UNWIND $memberIds AS memberId
       CREATE (:User {id: memberId})-[:MEMBER_OF {role: 'member', since: datetime()}]->(group)`,
      { groupId, memberIds },
    );

    const rows = await readWhileDeleting('User', memberIds, () =>
      memberships.membersOf(groupId, undefined, PAGE),
    );
    expect(rows.filter((row) => !memberIds.includes(row.userId) || !whole(row))).toEqual([]);
  });

  it("a user's friends", async () => {
    const [userId, friendIds] = [uuidv7(), manyIds()];
    await driver.executeQuery(
      `CREATE (user:User {id: $userId}) WITH user UNWIND $friendIds AS friendId
       CREATE (user)-[:FRIEND {since: datetime()}]->(:User {id: friendId})`,
      { userId, friendIds },
    );

    const rows = await readWhileDeleting('User', friendIds, () => friends.friends(userId, undefined, PAGE));
    expect(rows.filter((row) => !friendIds.includes(row.id) || !row.since)).toEqual([]);
  });
});
