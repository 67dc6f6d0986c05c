import { Client } from 'minio';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { FileMetadataRepository } from '../src/files/file-metadata.repository';
import { ORPHAN_SWEEP_TASK, OrphanSweeper } from '../src/files/orphan-sweeper';
import { TaskClaimsRepository } from '../src/files/task-claims.repository';
import { STORAGE_BUCKET } from '../src/infrastructure/minio/minio.module';
import { MetricsServer } from '../src/metrics/metrics.module';
import { type RunningApp, useApp } from './support/app';
import { type FileBody, sha256, uploadFile } from './support/file-uploads';
import { eventually } from './support/harness';
import { samplesOf, scrape, valueOf } from './support/prometheus-scrape';

const GRACE_SECONDS = 2;

/** Direct access to both sides, to make what a cut-off upload leaves behind. */
function storesOf(running: RunningApp) {
  const minio = running.app.get(Client);
  const bucket = running.app.get<string>(STORAGE_BUCKET);
  const database = running.app.get(DataSource);
  return {
    putObject: (key: string) => minio.putObject(bucket, key, randomBytes(512)),
    removeObject: (key: string) => minio.removeObject(bucket, key),
    async objectExists(key: string): Promise<boolean> {
      try {
        await minio.statObject(bucket, key);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'NotFound') return false;
        throw error;
      }
    },
    insertRow: (key: string, createdAt: Date) =>
      database.query(
        `INSERT INTO files (key, file_name, content_type, size, sha256, created_at)
         VALUES ($1, 'lost.png', 'image/png', 512, repeat('0', 64), $2)`,
        [key, createdAt],
      ),
    deleteRow: (key: string) => database.query('DELETE FROM files WHERE key = $1', [key]),
    releaseSweepClaim: () => database.query('DELETE FROM task_claims WHERE task = $1', [ORPHAN_SWEEP_TASK]),
    async rowExists(key: string): Promise<boolean> {
      const rows = await database.query<unknown[]>('SELECT 1 FROM files WHERE key = $1', [key]);
      return rows.length > 0;
    },
  };
}

describe('orphan sweep: what only MinIO or only the files table holds goes once past the grace', () => {
  const plantedObjects: string[] = [];
  const plantedRows: string[] = [];
  // Declared before the app, so that it runs while the app is still up (hooks run in that order).
  afterAll(() =>
    Promise.all([...plantedObjects.map(stores.removeObject), ...plantedRows.map(stores.deleteRow)]),
  );
  // The configured grace (a day) stays: a turn of the app's own, at a random point of its first
  // hour, then removes nothing this test plants.
  const running = useApp();
  let stores: ReturnType<typeof storesOf>;

  beforeAll(() => {
    stores = storesOf(running);
  });

  it('removes an old object without a row and an old row without an object, and nothing else', async () => {
    const bytes = randomBytes(4096);
    const uploaded = await uploadFile(running, bytes);
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as FileBody;
    const [oldObject, oldRow, newObject, newRow] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    // Not a key the API mints: someone else's object, which the sweep must leave alone.
    const foreignObject = `imports/${uuidv7()}.csv`;
    plantedObjects.push(oldObject, newObject, foreignObject);
    plantedRows.push(oldRow, newRow);
    await stores.putObject(oldObject);
    await stores.putObject(foreignObject);
    await stores.insertRow(oldRow, new Date());
    await sleep(GRACE_SECONDS * 1000 + 500);
    // Within the grace, as an upload under way is: its object is written, its row not yet.
    await stores.putObject(newObject);
    // The grace counts from when a row was written, not from the file's own time, which the
    // seeder sets in the past and writes before the objects.
    await stores.insertRow(newRow, new Date(Date.now() - 30 * 86_400_000));
    const metricsUrl = running.app.get(MetricsServer).url;
    const before = await scrape(metricsUrl);
    // Both outcomes are series from the start, so that an alert sees the first failure as an increase.
    const outcomes = samplesOf(before, 'storage_orphan_sweeps_total').map((sample) => sample.labels.result);
    expect(outcomes.sort()).toEqual(['completed', 'failed']);

    const swept = await running.app.get(OrphanSweeper).sweep(GRACE_SECONDS);

    expect({
      oldObject: await stores.objectExists(oldObject),
      oldRow: await stores.rowExists(oldRow),
      newObject: await stores.objectExists(newObject),
      newRow: await stores.rowExists(newRow),
      foreignObject: await stores.objectExists(foreignObject),
      uploadedObject: await stores.objectExists(file.key),
      uploadedRow: await stores.rowExists(file.key),
    }).toEqual({
      oldObject: false,
      oldRow: false,
      newObject: true,
      newRow: true,
      foreignObject: true,
      uploadedObject: true,
      uploadedRow: true,
    });
    const download = await fetch(`${running.baseUrl}/storage/download/${file.key}`);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(file.sha256);
    // Other suites' cut-off uploads may be swept too: at least these two, and counted.
    expect(swept.objectsRemoved).toBeGreaterThanOrEqual(1);
    expect(swept.rowsRemoved).toBeGreaterThanOrEqual(1);
    expect(swept.compared).toBeGreaterThanOrEqual(2);
    const after = await scrape(metricsUrl);
    const removed = (kind: string) =>
      valueOf(after, 'storage_orphans_removed_total', { kind }) -
      valueOf(before, 'storage_orphans_removed_total', { kind });
    expect({ objects: removed('object'), rows: removed('row') }).toEqual({
      objects: swept.objectsRemoved,
      rows: swept.rowsRemoved,
    });
  });

  it('lets one replica take each turn: a held claim is refused until it ends', async () => {
    const claims = running.app.get(TaskClaimsRepository);
    const task = `test-claim-${uuidv7()}`;

    const first = await Promise.all([1, 2, 3, 4].map(() => claims.claim(task, 1)));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await claims.claim(task, 1)).toBe(false);
    await sleep(1100);
    expect(await claims.claim(task, 1)).toBe(true);

    await running.app.get(DataSource).query('DELETE FROM task_claims WHERE task = $1', [task]);
  });
});

describe('orphan sweep on its own', () => {
  const running = useApp({ STORAGE_ORPHAN_SWEEP_INTERVAL_SECONDS: '1', STORAGE_ORPHAN_GRACE_SECONDS: '0' });

  it('runs every STORAGE_ORPHAN_SWEEP_INTERVAL_SECONDS on the replica that claims the turn', async () => {
    const stores = storesOf(running);
    // An app of an earlier suite, on the one-hour default, may have taken a turn while it ran:
    // its claim would hold the task for 54 minutes more.
    await stores.releaseSweepClaim();
    const orphan = uuidv7();
    await stores.putObject(orphan);

    await eventually(async () => expect(await stores.objectExists(orphan)).toBe(false), 10_000);
    const samples = await scrape(running.app.get(MetricsServer).url);
    expect(valueOf(samples, 'storage_orphan_sweeps_total', { result: 'completed' })).toBeGreaterThanOrEqual(
      1,
    );
  });
});

describe('orphan sweep stopped by shutdown', () => {
  const running = useApp();

  it('removes nothing it had not compared: both sides stop at once', async () => {
    const stores = storesOf(running);
    const uploaded: FileBody[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await uploadFile(running, randomBytes(256));
      expect(response.status).toBe(201);
      uploaded.push((await response.json()) as FileBody);
    }
    const sweeper = running.app.get(OrphanSweeper);
    const metadata = running.app.get(FileMetadataRepository);
    const listAllKeys = metadata.listAllKeys.bind(metadata);
    // Shutdown begins once the first row has been compared; the uploads, the newest keys, come later.
    jest.spyOn(metadata, 'listAllKeys').mockImplementationOnce(async function* (pageSize: number) {
      let compared = 0;
      for await (const row of listAllKeys(pageSize)) {
        yield row;
        if (++compared === 1) void sweeper.beforeApplicationShutdown();
      }
    });

    const swept = await sweeper.sweep(0);

    expect(swept).toMatchObject({ objectsRemoved: 0, rowsRemoved: 0 });
    for (const { key } of uploaded) {
      expect(await stores.objectExists(key)).toBe(true);
      expect(await stores.rowExists(key)).toBe(true);
    }
  });
});
