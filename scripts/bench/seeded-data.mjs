// The dataset the benchmark reads: the seeder's `medium` preset under a seed of its own, so
// other seeds in the same stores (tests, people) change nothing it measures.
import { spawnSync } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { apiRequire } from '../stores/lib.mjs';

// The API's own PostgreSQL client, at the version the API runs (npm keeps it under api/).
const pg = apiRequire('pg');

const PRESET = 'medium';

// From the seeder's build, which the benchmark makes before it asks.
const presetSizes = () =>
  createRequire(import.meta.url)('../../seed-job/dist/seed-job/src/presets.js').presets[PRESET];

async function withPostgres(work) {
  const client = new pg.Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USER ?? 'summer_trip',
    password: process.env.DATABASE_PASSWORD ?? 'summer_trip',
    database: process.env.DATABASE_NAME ?? 'summer_trip',
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// The seeder gives each seed's users emails of their own domain.
const emailsOf = (seed) => `%@seed${seed}.example.com`;

async function seededUserCount(seed) {
  return withPostgres(async (client) => {
    try {
      const { rows } = await client.query('SELECT count(*)::int AS count FROM users WHERE email LIKE $1', [
        emailsOf(seed),
      ]);
      return rows[0].count;
    } catch (error) {
      // Before the API's first start the table does not exist: nothing is seeded yet.
      if (error.code === '42P01') return 0;
      throw error;
    }
  });
}

/**
 * Seeds the preset unless it is there. The marker is written only after the seeder finished
 * every store; the user count catches stores that were reset since.
 */
export async function ensureSeeded(seed, resultsDir) {
  const marker = `${resultsDir}/.seeded-${PRESET}-${seed}`;
  const finished = await access(marker).then(
    () => true,
    () => false,
  );
  const users = finished ? await seededUserCount(seed) : 0;
  if (users > 0) {
    // The stores are shared: whoever deletes a few of these users leaves the rest measurable.
    const gone = presetSizes().users - users;
    console.log(
      `[bench] ${PRESET} preset (seed ${seed}) is seeded${gone > 0 ? `; ${gone} of its users were deleted since` : ''}`,
    );
    return;
  }
  console.log(`[bench] seeding the ${PRESET} preset (seed ${seed}): about five minutes, once`);
  const seeding = spawnSync('bash', ['scripts/seed.sh', '--preset', PRESET, '--seed', String(seed)], {
    stdio: 'inherit',
  });
  if (seeding.status !== 0) throw new Error(`seeding failed (exit ${seeding.status})`);
  await writeFile(marker, `${new Date().toISOString()}\n`);
}

/**
 * The seeded users and group conversations (each group has one, under its id) that exist now,
 * in an order that is stable but unrelated to age, so that no case reads only the oldest users.
 */
export function seededIds(seed) {
  return withPostgres(async (client) => {
    const users = await client.query('SELECT id FROM users WHERE email LIKE $1 ORDER BY md5(id::text)', [
      emailsOf(seed),
    ]);
    const groups = await client.query(
      'SELECT g.id FROM groups g JOIN users u ON u.id = g.owner_id WHERE u.email LIKE $1 ORDER BY md5(g.id::text)',
      [emailsOf(seed)],
    );
    return { users: users.rows.map((row) => row.id), conversations: groups.rows.map((row) => row.id) };
  });
}
