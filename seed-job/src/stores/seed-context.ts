import { type AppConfig } from '../../../api/src/config/app-config';
import { type Dataset } from '../dataset';
import { type DatasetIdentity } from '../dataset-identity';
import { type Phase } from '../options';
import { type PhaseStats, type Progress } from '../progress';
import { type CompletionMark } from './completion-marks';

export interface SeedContext {
  dataset: Dataset;
  identity: DatasetIdentity;
  config: AppConfig;
  waitTimeoutMs: number;
  progress: Progress;
}

/**
 * Writes the dataset into a store unless its completion mark is there, then marks it. The seed
 * Jobs run again after every upgrade, and the API has changed the seeded data since: upserts
 * would undo that (rows it deleted, notifications read, members who joined again).
 */
export async function seedOnce(
  progress: Progress,
  store: Phase,
  mark: CompletionMark,
  write: (stats: PhaseStats) => Promise<void>,
): Promise<void> {
  const stats = progress.begin(store);
  if (await mark.found()) {
    progress.alreadySeeded(stats);
    return;
  }
  await write(stats);
  await mark.record();
  progress.end(stats);
}

/** Hands out `items` in arrays of `size`, so a phase holds one chunk in memory whatever the total. */
export function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

export function* range(count: number): Generator<number> {
  for (let index = 0; index < count; index++) yield index;
}

export function* map<T, R>(items: Iterable<T>, transform: (item: T) => R): Generator<R> {
  for (const item of items) yield transform(item);
}

// Small enough that a chunk's write gets the event loop often while the next chunk is made.
const YIELD_EVERY_ROWS = 250;

/**
 * Writes `items` in chunks of `size`, making the next chunk while the previous one is written:
 * generation yields to the event loop every few rows, so the write's round trips go on meanwhile.
 * At most two chunks are in memory; the first failed write ends it.
 */
export async function writeInChunks<T>(
  items: Iterable<T>,
  size: number,
  write: (chunk: T[]) => Promise<void>,
): Promise<void> {
  let writing: Promise<void> = Promise.resolve();
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length % YIELD_EVERY_ROWS === 0) await new Promise(setImmediate);
    if (chunk.length === size) {
      await writing;
      writing = write(chunk);
      // Awaited before the next chunk or at the end; until then its failure must not count as unhandled.
      writing.catch(() => undefined);
      chunk = [];
    }
  }
  await writing;
  if (chunk.length > 0) await write(chunk);
}
