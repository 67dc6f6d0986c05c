import { type BufferPool } from './buffer-pool';

/** Part of a byte stream, copied into buffers of a pool. */
export interface Part {
  /** The part's bytes in order, each a view of the buffer at the same index in `buffers`. */
  chunks: Buffer[];
  /** What to give back to the pool once nothing reads `chunks` any more. */
  buffers: Buffer[];
  size: number;
}

/**
 * Regroups a byte stream into parts of exactly `partSize` bytes, the last one shorter, copying
 * it into the pool's buffers as it arrives (BufferPool says why). `partSize` is a multiple of
 * the pool's buffer size, so that every buffer but a part's last is full.
 */
export async function* fixedSizeParts(
  source: AsyncIterable<Buffer>,
  partSize: number,
  pool: BufferPool,
): AsyncGenerator<Part> {
  if (partSize % pool.bufferSize !== 0) {
    throw new RangeError(`partSize ${partSize} is no multiple of the buffer size ${pool.bufferSize}`);
  }
  let buffers: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.length) {
      const filledOfLast = size % pool.bufferSize;
      if (filledOfLast === 0) buffers.push(pool.take());
      const copied = chunk.copy(buffers[buffers.length - 1], filledOfLast, offset);
      offset += copied;
      size += copied;
      if (size === partSize) {
        yield part(buffers, size, pool.bufferSize);
        buffers = [];
        size = 0;
      }
    }
  }
  if (size > 0) yield part(buffers, size, pool.bufferSize);
}

function part(buffers: Buffer[], size: number, bufferSize: number): Part {
  const lastSize = size - (buffers.length - 1) * bufferSize;
  const chunks = buffers.map((buffer, index) =>
    index === buffers.length - 1 ? buffer.subarray(0, lastSize) : buffer,
  );
  return { chunks, buffers, size };
}
