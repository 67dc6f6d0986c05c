import { Client, type ClientConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AppConfig } from '../../../api/src/config/app-config';
import { connectionOptions } from '../../../api/src/infrastructure/postgres/connection-options';
import { runMigrations } from '../../../api/src/infrastructure/postgres/run-migrations';
import { waitForStore } from '../wait-for-store';
import { postgresMark } from './completion-marks';
import { map, type SeedContext, seedOnce, writeInChunks } from './seed-context';

const CHUNK_ROWS = 5_000;
// How the seeder's sessions are named in pg_stat_activity.
const APPLICATION_NAME = 'summer-trip-seed';

type Cell = string | number | Date | null;

/** The tables the seeder fills, with the key that tells a row already there. */
const tables = {
  users: { columns: ['id', 'email', 'name', 'created_at', 'updated_at'], key: '(id)' },
  groups: { columns: ['id', 'name', 'description', 'owner_id', 'created_at', 'updated_at'], key: '(id)' },
  group_members: { columns: ['group_id', 'user_id', 'role', 'since'], key: '(group_id, user_id)' },
  files: {
    columns: ['key', 'owner_id', 'file_name', 'content_type', 'size', 'sha256', 'created_at'],
    key: '(key)',
  },
} as const;

/**
 * Users, groups, memberships and file metadata. PostgreSQL is the source of truth the other
 * phases point into, so it runs first. The outbox is not written: it carries the API's own
 * writes to the other stores, and the seeder writes those stores itself.
 */
export async function seedPostgres(context: SeedContext): Promise<void> {
  const { dataset, identity, config, waitTimeoutMs, progress } = context;
  const where = `${config.DATABASE_HOST}:${config.DATABASE_PORT}/${config.DATABASE_NAME}`;
  await waitForStore('postgres', where, waitTimeoutMs, () =>
    // The API owns the schema: its own migrations (imported, not copied), under its advisory lock,
    // so a seed Job may run before the API ever started, and an API starting meanwhile waits.
    runMigrations(config, APPLICATION_NAME),
  );
  const client = new Client(clientConfig(config));
  // pg also reports a lost connection as an 'error' event, which without a listener would end the
  // process at once, skipping the cleanup and the failure line; the query under way, or the
  // next one, fails anyway and ends the phase.
  client.on('error', (error) => console.error(`[postgres] connection lost: ${error.message}`));
  await client.connect();
  try {
    await seedOnce(progress, 'postgres', postgresMark(client, identity), async (stats) => {
      const write = async (table: keyof typeof tables, rows: Iterable<Cell[]>) => {
        await writeInChunks(rows, CHUNK_ROWS, async (chunk) => {
          await copyChunk(client, table, chunk);
          progress.count(stats, table, chunk.length);
        });
      };
      await write(
        'users',
        map(dataset.users(), (user) => [user.id, user.email, user.name, user.createdAt, user.createdAt]),
      );
      await write(
        'groups',
        map(dataset.groups(), (group) => [
          group.id,
          group.name,
          group.description,
          group.ownerId,
          group.createdAt,
          group.createdAt,
        ]),
      );
      await write(
        'group_members',
        map(dataset.allMemberships(), (member) => [member.groupId, member.userId, member.role, member.since]),
      );
      await write(
        'files',
        map(dataset.files(), (file) => [
          file.key,
          file.ownerId,
          file.fileName,
          file.contentType,
          file.bytes.length,
          file.sha256,
          file.createdAt,
        ]),
      );
    });
  } finally {
    await client.end();
  }
}

/** The API's connection settings (connection-options.ts), in node-postgres' names. */
function clientConfig(config: AppConfig): ClientConfig {
  const { host, port, username, password, database, applicationName } = connectionOptions(
    config,
    APPLICATION_NAME,
  );
  return {
    host,
    port,
    user: username,
    password,
    database,
    application_name: applicationName,
    connectionTimeoutMillis: 2000,
  };
}

/**
 * COPY is the fastest way in, but it cannot skip rows that exist: each chunk is copied into a
 * session-local staging table and moved over with INSERT … ON CONFLICT DO NOTHING, in one
 * transaction, so an interrupted run leaves whole chunks and a re-run adds only what is missing.
 */
async function copyChunk(client: Client, table: keyof typeof tables, rows: Cell[][]): Promise<void> {
  const { columns, key } = tables[table];
  const staging = `seed_${table}`;
  const columnList = columns.join(', ');
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TEMP TABLE IF NOT EXISTS ${staging} (LIKE ${table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
    );
    await pipeline(
      Readable.from([rows.map(csvLine).join('')]),
      client.query(copyFrom(`COPY ${staging} (${columnList}) FROM STDIN (FORMAT csv)`)),
    );
    await client.query(
      `INSERT INTO ${table} (${columnList}) SELECT ${columnList} FROM ${staging} ON CONFLICT ${key} DO NOTHING`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A CSV record: every value quoted (so commas, quotes and newlines are safe), NULL unquoted. */
function csvLine(cells: Cell[]): string {
  return `${cells
    .map((cell) => {
      if (cell === null) return '';
      const text = cell instanceof Date ? cell.toISOString() : String(cell);
      return `"${text.replaceAll('"', '""')}"`;
    })
    .join(',')}\n`;
}
