import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { Client as CassandraClient, types } from 'cassandra-driver';
import { Client as MinioClient } from 'minio';
import neo4j, { type Driver } from 'neo4j-driver';
import { Client as PgClient } from 'pg';
import { loadConfig } from '../../../api/src/config/app-config';
import { directConversationId } from '../../src/ids';
import { statIfPresent } from '../../src/stores/object-stat';

const config = loadConfig();

interface StoredFile {
  key: string;
  size: string;
  content_type: string;
  sha256: string;
}

/** Clients of the five stores' local harness, with the API's configuration. */
export class SeededStores {
  readonly pg = new PgClient({
    host: config.DATABASE_HOST,
    port: config.DATABASE_PORT,
    user: config.DATABASE_USER,
    password: config.DATABASE_PASSWORD,
    database: config.DATABASE_NAME,
  });
  readonly cassandra = new CassandraClient({
    contactPoints: [`${config.CASSANDRA_HOST}:${config.CASSANDRA_PORT}`],
    localDataCenter: config.CASSANDRA_DATACENTER,
    keyspace: config.CASSANDRA_KEYSPACE,
    socketOptions: { readTimeout: 20_000 },
  });
  readonly neo4j: Driver = neo4j.driver(
    `bolt://${config.NEO4J_HOST}:${config.NEO4J_PORT}`,
    neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD),
    { disableLosslessIntegers: true },
  );
  readonly minio = new MinioClient({
    endPoint: config.STORAGE_ENDPOINT,
    port: config.STORAGE_PORT,
    useSSL: config.STORAGE_USE_SSL,
    accessKey: config.STORAGE_ACCESS_KEY,
    secretKey: config.STORAGE_SECRET_KEY,
  });

  async open(): Promise<void> {
    await this.pg.connect();
    await this.cassandra.connect();
  }

  async close(): Promise<void> {
    await Promise.all([this.pg.end(), this.cassandra.shutdown(), this.neo4j.close()]);
  }

  /**
   * The rows of one seed in every store, counted by the stores themselves, named like the
   * seeder's summary. It starts from the seed's users in PostgreSQL (their email domain names the
   * seed) and follows references from there, so it also proves every reference resolves.
   */
  async count(seed: number): Promise<Record<string, number>> {
    const users = await this.column('SELECT id FROM users WHERE email LIKE $1', [
      `%@seed${seed}.example.com`,
    ]);
    const groups = await this.column('SELECT id FROM groups WHERE owner_id = ANY($1)', [users]);
    const members = await this.pg.query<{ group_id: string; user_id: string; role: string }>(
      'SELECT group_id, user_id, role FROM group_members WHERE group_id = ANY($1) OR user_id = ANY($2)',
      [groups, users],
    );
    const files = await this.pg.query<StoredFile>(
      'SELECT key, size, content_type, sha256 FROM files WHERE owner_id = ANY($1)',
      [users],
    );
    const graph = await this.graph(users, groups);
    const conversations = [
      ...groups.map((id) => ({
        id,
        writers: new Set(members.rows.filter((m) => m.group_id === id).map((m) => m.user_id)),
      })),
      ...graph.friendships.map(([low, high]) => ({
        id: directConversationId(seed, low, high),
        writers: new Set([low, high]),
      })),
    ];
    const { senderWeeks, ...messages } = await this.messages(conversations);
    const senderIndex = await this.senderIndex(users);
    const notifications = await this.notifications(users);
    const objects = await this.objects(files.rows);
    return {
      users: users.length,
      groups: groups.length,
      group_members: members.rows.length,
      files: files.rows.length,
      ...messages,
      message_buckets_by_sender: senderIndex.length,
      ...notifications,
      User: graph.users,
      Group: graph.groups,
      FRIEND: graph.friendships.length,
      MEMBER_OF: graph.memberships.length,
      objects,
      // Integrity: each of these must be zero.
      membershipsNotInGraph: countMissing(
        members.rows.map((m) => `${m.group_id}/${m.user_id}/${m.role}`),
        graph.memberships,
      ),
      membershipsOfUnknownUsers: members.rows.filter((m) => !users.includes(m.user_id)).length,
      senderWeeksNotIndexed: countMissing([...senderWeeks], senderIndex),
    };
  }

  private async column(sql: string, params: unknown[]): Promise<string[]> {
    const result = await this.pg.query<{ id: string }>(sql, params);
    return result.rows.map((row) => row.id);
  }

  /** The seed's nodes and edges; fails if an edge leaves the seed's users or points the wrong way. */
  private async graph(users: string[], groups: string[]) {
    const read = async (cypher: string) =>
      (await this.neo4j.executeQuery(cypher, { users, groups })).records.map((record) => record.toObject());
    const [{ users: userNodes }] = await read('MATCH (u:User) WHERE u.id IN $users RETURN count(u) AS users');
    const [{ groups: groupNodes }] = await read(
      'MATCH (g:Group) WHERE g.id IN $groups RETURN count(g) AS groups',
    );
    const friendships = await read(
      'MATCH (a:User)-[f:FRIEND]->(b:User) WHERE a.id IN $users OR b.id IN $users RETURN a.id AS low, b.id AS high, f.since IS NOT NULL AS dated',
    );
    for (const friendship of friendships) {
      const { low, high, dated } = friendship as { low: string; high: string; dated: boolean };
      if (!(low < high) || !users.includes(low) || !users.includes(high) || !dated)
        throw new Error(
          `friendship ${low} -> ${high} is not between two seeded users, smaller id first, dated`,
        );
    }
    const memberships = await read(
      'MATCH (u:User)-[m:MEMBER_OF]->(g:Group) WHERE g.id IN $groups OR u.id IN $users RETURN g.id + "/" + u.id + "/" + m.role AS key',
    );
    return {
      users: userNodes as number,
      groups: groupNodes as number,
      friendships: friendships.map(({ low, high }) => [low as string, high as string] as const),
      memberships: memberships.map(({ key }) => key as string),
    };
  }

  /** Messages found by walking each conversation's buckets, as the API reads them; senders must be writers. */
  private async messages(conversations: { id: string; writers: Set<string> }[]) {
    let buckets = 0;
    let messages = 0;
    const senderWeeks = new Set<string>();
    await inBatches(conversations, async ({ id, writers }) => {
      const found = await this.cassandra.execute(
        'SELECT bucket FROM conversation_buckets WHERE conversation_id = ?',
        [id],
        {
          prepare: true,
          fetchSize: 10_000,
        },
      );
      buckets += found.rows.length;
      for (const row of found.rows) {
        const result = await this.cassandra.execute(
          'SELECT sender_id FROM messages_by_conversation WHERE conversation_id = ? AND bucket = ?',
          [id, row.get('bucket')],
          { prepare: true, fetchSize: 10_000 },
        );
        for (const message of result.rows) {
          const sender = (message.get('sender_id') as types.Uuid).toString();
          if (!writers.has(sender))
            throw new Error(`message in ${id} sent by ${sender}, who is not in the conversation`);
          senderWeeks.add(`${sender}/${id}/${row.get('bucket')}`);
        }
        messages += result.rows.length;
      }
    });
    return { conversation_buckets: buckets, messages_by_conversation: messages, senderWeeks };
  }

  /** Each sender's index of the conversation weeks they wrote in. */
  private async senderIndex(users: string[]): Promise<string[]> {
    const keys: string[] = [];
    await inBatches(users, async (senderId) => {
      const result = await this.cassandra.execute(
        'SELECT conversation_id, bucket FROM message_buckets_by_sender WHERE sender_id = ?',
        [senderId],
        { prepare: true, fetchSize: 10_000 },
      );
      for (const row of result.rows)
        keys.push(`${senderId}/${row.get('conversation_id')}/${row.get('bucket')}`);
    });
    return keys;
  }

  private async notifications(users: string[]) {
    let all = 0;
    let unread = 0;
    await inBatches(users, async (userId) => {
      const count = async (table: string) =>
        (
          (
            await this.cassandra.execute(
              `SELECT COUNT(*) AS count FROM ${table} WHERE user_id = ?`,
              [userId],
              { prepare: true },
            )
          )
            .first()
            .get('count') as types.Long
        ).toNumber();
      const [inAll, inUnread] = await Promise.all([
        count('notifications_by_user'),
        count('unread_notifications_by_user'),
      ]);
      all += inAll;
      unread += inUnread;
    });
    return { notifications_by_user: all, unread_notifications_by_user: unread };
  }

  /** The objects of the file rows; fails if one does not match its row as the README promises. */
  private async objects(files: StoredFile[]): Promise<number> {
    let found = 0;
    await inBatches(files, async (file) => {
      const stat = await statIfPresent(this.minio, config.STORAGE_BUCKET, file.key);
      if (!stat) return;
      const bytes = await buffer(await this.minio.getObject(config.STORAGE_BUCKET, file.key));
      const stored = {
        size: String(stat.size),
        content_type: stat.metaData['content-type'] as unknown,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
      const recorded = { size: file.size, content_type: file.content_type, sha256: file.sha256 };
      if (JSON.stringify(stored) !== JSON.stringify(recorded))
        throw new Error(
          `object ${file.key} is ${JSON.stringify(stored)}, its row says ${JSON.stringify(recorded)}`,
        );
      found++;
    });
    return found;
  }
}

async function inBatches<T>(items: T[], visit: (item: T) => Promise<void>, size = 32): Promise<void> {
  for (let start = 0; start < items.length; start += size)
    await Promise.all(items.slice(start, start + size).map(visit));
}

function countMissing(expected: string[], actual: string[]): number {
  const present = new Set(actual);
  return expected.filter((key) => !present.has(key)).length;
}
