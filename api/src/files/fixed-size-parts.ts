/**
 * Regroups a byte stream into parts of exactly `partSize` bytes, the last one shorter. Memory
 * holds what arrived of the part being filled, never a whole empty part: most uploads are far
 * smaller than a part, and allocating one per upload made concurrent small uploads cost a part
 * each.
 */
export async function* fixedSizeParts(
  source: AsyncIterable<Buffer>,
  partSize: number,
): AsyncGenerator<Buffer> {
  let chunks: Buffer[] = [];
  let filled = 0;
  for await (const chunk of source) {
    chunks.push(chunk);
    filled += chunk.length;
    while (filled >= partSize) {
      const joined = Buffer.concat(chunks, filled);
      yield joined.subarray(0, partSize);
      const rest = joined.subarray(partSize);
      chunks = rest.length > 0 ? [rest] : [];
      filled = rest.length;
    }
  }
  if (filled > 0) yield chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, filled);
}
