/**
 * Regroups a byte stream into parts of exactly `partSize` bytes, the last one shorter, so that
 * memory holds one part being filled however the stream was chunked.
 */
export async function* fixedSizeParts(
  source: AsyncIterable<Buffer>,
  partSize: number,
): AsyncGenerator<Buffer> {
  let part: Buffer | undefined;
  let filled = 0;
  for await (const chunk of source) {
    for (let offset = 0; offset < chunk.length;) {
      part ??= Buffer.allocUnsafe(partSize);
      const copied = chunk.copy(part, filled, offset);
      filled += copied;
      offset += copied;
      if (filled === partSize) {
        yield part;
        part = undefined;
        filled = 0;
      }
    }
  }
  if (part && filled > 0) yield part.subarray(0, filled);
}
