const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
// 1970-01-01 was a Thursday: shifting by three days makes every bucket start on a Monday at
// 00:00 UTC, the boundaries of ISO weeks.
const MONDAY_SHIFT_MS = 3 * DAY_MS;

/**
 * The partition bucket of a message sent at `time`: weeks since the Monday before the epoch.
 *
 * A week keeps even a very busy group chat (10 000 messages a day of ~200 bytes: ~70 000 rows,
 * ~15 MB) well under Cassandra's partition guidance (~100 000 rows, ~100 MB), while a quiet
 * conversation fills a page of 50 from a handful of partitions, where day buckets would need
 * up to 50 reads.
 */
export function bucketOf(time: Date): number {
  return Math.floor((time.getTime() + MONDAY_SHIFT_MS) / WEEK_MS);
}
