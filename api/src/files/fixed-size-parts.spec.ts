import { BufferPool } from './buffer-pool';
import { fixedSizeParts, type Part } from './fixed-size-parts';

async function collectParts(chunks: Buffer[], partSize: number, pool: BufferPool): Promise<Part[]> {
  const parts: Part[] = [];
  for await (const part of fixedSizeParts(asStream(chunks), partSize, pool)) parts.push(part);
  return parts;
}

async function* asStream(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield await Promise.resolve(chunk);
}

const bytes = (from: number, count: number) =>
  Buffer.from(Array.from({ length: count }, (_, i) => (from + i) % 256));

const joined = (part: Part) => Buffer.concat(part.chunks);

describe('fixedSizeParts', () => {
  it('joins small chunks and splits large ones into parts of the given size, the rest last', async () => {
    const content = bytes(0, 23);
    const chunks = [content.subarray(0, 2), content.subarray(2, 3), content.subarray(3, 23)];
    const parts = await collectParts(chunks, 6, new BufferPool(3, 0));
    expect(parts.map((part) => part.size)).toEqual([6, 6, 6, 5]);
    expect(parts.map((part) => joined(part).length)).toEqual([6, 6, 6, 5]);
    expect(Buffer.concat(parts.map(joined))).toEqual(content);
  });

  it('ends on a full part when the content is a multiple of the part size', async () => {
    const parts = await collectParts([bytes(0, 4), bytes(4, 8)], 6, new BufferPool(3, 0));
    expect(parts.map(joined)).toEqual([bytes(0, 6), bytes(6, 6)]);
  });

  it('yields nothing for empty content', async () => {
    expect(await collectParts([], 6, new BufferPool(3, 0))).toEqual([]);
    expect(await collectParts([Buffer.alloc(0)], 6, new BufferPool(3, 0))).toEqual([]);
  });

  it('copies the content, so that no chunk of the source is kept', async () => {
    const chunk = bytes(0, 5);
    const [part] = await collectParts([chunk], 6, new BufferPool(3, 0));
    chunk.fill(0);
    expect(joined(part)).toEqual(bytes(0, 5));
    expect(part.chunks.every((view) => view.buffer !== chunk.buffer)).toBe(true);
  });

  it('holds each part in buffers of the pool, and reuses the ones given back', async () => {
    const pool = new BufferPool(4, 8);
    const [first] = await collectParts([bytes(0, 7)], 8, pool);
    expect(first.buffers.map((buffer) => buffer.length)).toEqual([4, 4]);
    first.chunks.forEach((view, index) => expect(view.buffer).toBe(first.buffers[index].buffer));
    pool.give(first.buffers);

    const [second] = await collectParts([bytes(100, 3)], 8, pool);
    expect(first.buffers).toContain(second.buffers[0]);
    expect(joined(second)).toEqual(bytes(100, 3));
  });

  it('refuses a part size that is not a multiple of the buffer size', async () => {
    await expect(collectParts([bytes(0, 5)], 5, new BufferPool(3, 0))).rejects.toThrow(RangeError);
  });
});
