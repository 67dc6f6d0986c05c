import { type Phase } from './options';
import { type Sizes } from './presets';

const REPORT_EVERY_MS = 3_000;
const BAR_WIDTH = 30;

/** Rows one phase wrote (or found already there), per table, and how long it took. */
export interface PhaseStats {
  store: Phase;
  tables: Record<string, number>;
  startedAt: number;
  finishedAt?: number;
  /** The store held the whole dataset already, so the phase wrote nothing. */
  alreadySeeded?: boolean;
}

export function rowsOf(stats: PhaseStats): number {
  return Object.values(stats.tables).reduce((sum, rows) => sum + rows, 0);
}

/** Roughly how many rows a phase writes, for the progress bar only (counts are long-tailed). */
function expectedRows(store: Phase, sizes: Sizes): number {
  const memberships = sizes.groups * (1 + sizes.membersPerGroup);
  switch (store) {
    case 'postgres':
      return sizes.users + sizes.groups + memberships + sizes.files;
    case 'cassandra':
      return (
        (sizes.groups + sizes.conversations) * (sizes.messagesPerConversation + 1) +
        sizes.users * sizes.notificationsPerUser * 1.5
      );
    case 'neo4j':
      return sizes.users + sizes.groups + sizes.users * sizes.friendsPerUser + memberships;
    case 'minio':
      return sizes.files;
  }
}

/**
 * Reports the running phase every few seconds: one log line each time (what a Job's log
 * wants), or a progress bar redrawn in place when stdout is a terminal.
 */
export class Progress {
  readonly phases: PhaseStats[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sizes: Sizes,
    private readonly interactive = process.stdout.isTTY === true,
  ) {
    this.timer = setInterval(() => this.report(), this.interactive ? 250 : REPORT_EVERY_MS).unref();
  }

  begin(store: Phase): PhaseStats {
    const stats: PhaseStats = { store, tables: {}, startedAt: Date.now() };
    this.phases.push(stats);
    return stats;
  }

  count(stats: PhaseStats, table: string, rows: number): void {
    stats.tables[table] = (stats.tables[table] ?? 0) + rows;
  }

  end(stats: PhaseStats): void {
    this.finish(stats, `done: ${describe(stats)}`);
  }

  alreadySeeded(stats: PhaseStats): void {
    stats.alreadySeeded = true;
    this.finish(stats, 'already seeded with this dataset: nothing written');
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private finish(stats: PhaseStats, outcome: string): void {
    stats.finishedAt = Date.now();
    // Below the progress bar, which has no line end of its own.
    if (this.interactive) process.stdout.write('\n');
    console.log(`[${stats.store}] ${outcome}`);
  }

  private report(): void {
    const stats = this.phases.at(-1);
    if (!stats || stats.finishedAt) return;
    if (!this.interactive) {
      console.log(`[${stats.store}] ${describe(stats)}`);
      return;
    }
    const share = Math.min(1, rowsOf(stats) / Math.max(1, expectedRows(stats.store, this.sizes)));
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    process.stdout.write(`\r[${stats.store}] ${bar} ${describe(stats)}\u001b[K`);
  }
}

function secondsOf(stats: PhaseStats): number {
  return ((stats.finishedAt ?? Date.now()) - stats.startedAt) / 1000;
}

function rateOf(stats: PhaseStats): number {
  return Math.round(rowsOf(stats) / Math.max(secondsOf(stats), 0.001));
}

function describe(stats: PhaseStats): string {
  const tables = Object.entries(stats.tables)
    .map(([table, rows]) => `${table} ${rows}`)
    .join(', ');
  return `${rowsOf(stats)} rows in ${secondsOf(stats).toFixed(1)} s (${rateOf(stats)} rows/s): ${tables}`;
}

/** The closing table: rows and rows per second per store. */
export function statsTable(phases: PhaseStats[]): string {
  const rows = phases.map((stats) =>
    stats.alreadySeeded
      ? [stats.store, 'already seeded', secondsOf(stats).toFixed(1), '-']
      : [stats.store, String(rowsOf(stats)), secondsOf(stats).toFixed(1), String(rateOf(stats))],
  );
  const header = ['store', 'rows', 'seconds', 'rows/s'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
