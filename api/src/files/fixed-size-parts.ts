/** Part of a byte stream: the chunks it arrived in (not copied) and their total size. */
export interface Part {
  chunks: Buffer[];
  size: number;
}

/**
 * Regroups a byte stream into parts of exactly `partSize` bytes, the last one shorter. A part
 * keeps the chunks it arrived in, a chunk across a boundary split without a copy: most uploads
 * are one part, sent as they arrived, and joining them cost a second copy of every upload.
 */
export async function* fixedSizeParts(source: AsyncIterable<Buffer>, partSize: number): AsyncGenerator<Part> {
  let chunks: Buffer[] = [];
  let filled = 0;
  for await (const chunk of source) {
    let rest = chunk;
    while (filled + rest.length >= partSize && rest.length > 0) {
      chunks.push(rest.subarray(0, partSize - filled));
      yield { chunks, size: partSize };
      rest = rest.subarray(partSize - filled);
      chunks = [];
      filled = 0;
    }
    if (rest.length > 0) {
      chunks.push(rest);
      filled += rest.length;
    }
  }
  if (filled > 0) yield { chunks, size: filled };
}
