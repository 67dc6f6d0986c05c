import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FileMetadataRepository } from './file-metadata.repository';
import { FileObjectsRepository } from './file-objects.repository';
import { TaskClaimsRepository } from './task-claims.repository';
import { unmatchedKeys } from './unmatched-keys';

export const ORPHAN_SWEEP_TASK = 'files-orphan-sweep';
// Keys per query and per removal: one MinIO DeleteObjects request takes up to 1000.
const BATCH = 1000;
const PROGRESS_EVERY = 100_000;
// The keys the API mints (UUIDs, as PostgreSQL prints them); the sweep leaves any other alone.
const FILE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SweepResult {
  /** File rows compared with the bucket's objects. */
  compared: number;
  /** Objects without a row, removed from MinIO. */
  objectsRemoved: number;
  /** Rows without an object, deleted from PostgreSQL. */
  rowsRemoved: number;
}

/**
 * Removes what only one of MinIO and the files table holds, once it is older than
 * STORAGE_ORPHAN_GRACE_SECONDS. An upload cut off by a store failure can leave either: an object
 * whose PUT MinIO completed after the API had answered 503 (or whose process died before
 * recording it), a row whose INSERT PostgreSQL committed after the API had given up on it and
 * removed the object. Neither can be told from an upload under way until the grace has passed.
 * Every STORAGE_ORPHAN_SWEEP_INTERVAL_SECONDS, the replica that claims the turn compares the two
 * in key order (ADR 0004).
 */
@Injectable()
export class OrphanSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OrphanSweeper.name);
  private readonly removed: Counter<'kind'>;
  private readonly sweeps: Counter<'result'>;
  private timer?: NodeJS.Timeout;
  private turn?: Promise<void>;
  private readonly shutdown = new AbortController();

  constructor(
    private readonly objects: FileObjectsRepository,
    private readonly metadata: FileMetadataRepository,
    private readonly claims: TaskClaimsRepository,
    registry: Registry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.removed = new Counter({
      name: 'storage_orphans_removed_total',
      help: 'Objects without a file row (kind="object") and file rows without an object (kind="row") the orphan sweep removed',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.sweeps = new Counter({
      name: 'storage_orphan_sweeps_total',
      help: 'Orphan sweeps this replica ran, by result (completed or failed)',
      labelNames: ['result'],
      registers: [registry],
    });
    // Both series from the start, so that the first failure shows as an increase (alerts).
    for (const result of ['completed', 'failed']) this.sweeps.inc({ result }, 0);
  }

  onApplicationBootstrap(): void {
    // At a random point of the first interval: replicas restarted more often than the interval
    // would otherwise never reach their first turn.
    this.scheduleTurn(Math.random() * this.intervalMs);
  }

  /** Before store clients close: the sweep under way stops after its current batch. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    clearTimeout(this.timer);
    await this.turn;
  }

  /** Compares MinIO with the files table once, removing what only one holds past `graceSeconds`. */
  async sweep(graceSeconds = this.config.STORAGE_ORPHAN_GRACE_SECONDS): Promise<SweepResult> {
    const startedAt = Date.now();
    const cutoff = startedAt - graceSeconds * 1000;
    const result: SweepResult = { compared: 0, objectsRemoved: 0, rowsRemoved: 0 };
    const orphanObjects: string[] = [];
    const orphanRows: string[] = [];
    try {
      for await (const { left: object, right: row } of unmatchedKeys(
        this.fileObjects(),
        this.fileRows(result),
      )) {
        if (object && object.lastModified.getTime() < cutoff) orphanObjects.push(object.key);
        if (row && row.recordedAt.getTime() < cutoff) orphanRows.push(row.key);
        if (orphanObjects.length >= BATCH) result.objectsRemoved += await this.removeObjects(orphanObjects);
        if (orphanRows.length >= BATCH) result.rowsRemoved += await this.removeRows(orphanRows);
      }
      result.objectsRemoved += await this.removeObjects(orphanObjects);
      result.rowsRemoved += await this.removeRows(orphanRows);
    } catch (error) {
      // Shutdown ends both sides of the comparison at once, never one alone: the other's rest
      // would look unmatched.
      if (!this.shutdown.signal.aborted) throw error;
    }
    const ended = this.shutdown.signal.aborted ? 'stopped by shutdown' : 'done';
    this.logger.log(
      { ...result, ms: Date.now() - startedAt },
      `orphan sweep ${ended}: removed ${result.objectsRemoved} objects without a row and ${result.rowsRemoved} rows without an object`,
    );
    return result;
  }

  private get intervalMs(): number {
    return this.config.STORAGE_ORPHAN_SWEEP_INTERVAL_SECONDS * 1000;
  }

  private scheduleTurn(delayMs = this.intervalMs): void {
    this.timer = setTimeout(() => {
      this.turn = this.takeTurn().finally(() => {
        this.turn = undefined;
        if (!this.shutdown.signal.aborted) this.scheduleTurn();
      });
    }, delayMs).unref();
  }

  private async takeTurn(): Promise<void> {
    const interval = this.config.STORAGE_ORPHAN_SWEEP_INTERVAL_SECONDS;
    try {
      // Held for a little less than the interval, so that this replica's next timer finds it free.
      if (!(await this.claims.claim(ORPHAN_SWEEP_TASK, interval * 0.9))) return;
      await this.sweep();
      this.sweeps.inc({ result: 'completed' });
    } catch (error) {
      this.sweeps.inc({ result: 'failed' });
      this.logger.warn({ err: error }, `orphan sweep failed; the next turn is in ${interval} s`);
    }
  }

  private async *fileObjects() {
    for await (const object of this.objects.listAll()) {
      this.shutdown.signal.throwIfAborted();
      if (FILE_KEY.test(object.key)) yield object;
    }
  }

  private async *fileRows(result: SweepResult) {
    for await (const row of this.metadata.listAllKeys(BATCH)) {
      this.shutdown.signal.throwIfAborted();
      if (++result.compared % PROGRESS_EVERY === 0)
        this.logger.log(`orphan sweep: ${result.compared} files compared`);
      yield row;
    }
  }

  /** Removes the objects of `pending`, emptying it; returns how many. */
  private async removeObjects(pending: string[]): Promise<number> {
    if (pending.length === 0) return 0;
    const keys = pending.splice(0);
    await this.objects.remove(keys);
    this.removed.inc({ kind: 'object' }, keys.length);
    this.logger.warn({ keys }, `removed ${keys.length} objects without a file row`);
    return keys.length;
  }

  /** Deletes the rows of `pending`, emptying it; returns how many. */
  private async removeRows(pending: string[]): Promise<number> {
    if (pending.length === 0) return 0;
    const deleted = await this.metadata.deleteRows(pending.splice(0));
    this.removed.inc({ kind: 'row' }, deleted.length);
    this.logger.warn({ keys: deleted }, `deleted ${deleted.length} file rows without an object`);
    return deleted.length;
  }
}
