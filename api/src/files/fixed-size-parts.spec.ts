import { fixedSizeParts } from './fixed-size-parts';

async function collect(chunks: Buffer[], partSize: number): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const { chunks: partChunks, size } of fixedSizeParts(asStream(chunks), partSize)) {
    const part = Buffer.concat(partChunks);
    expect(part.length).toBe(size);
    parts.push(part);
  }
  return parts;
}

async function* asStream(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield await Promise.resolve(chunk);
}

const bytes = (from: number, count: number) =>
  Buffer.from(Array.from({ length: count }, (_, i) => (from + i) % 256));

describe('fixedSizeParts', () => {
  it('joins small chunks and splits large ones into parts of the given size, the rest last', async () => {
    const content = bytes(0, 23);
    const parts = await collect([content.subarray(0, 2), content.subarray(2, 3), content.subarray(3, 23)], 5);
    expect(parts.map((part) => part.length)).toEqual([5, 5, 5, 5, 3]);
    expect(Buffer.concat(parts)).toEqual(content);
  });

  it('ends on a full part when the content is a multiple of the part size', async () => {
    const parts = await collect([bytes(0, 4), bytes(4, 6)], 5);
    expect(parts).toEqual([bytes(0, 5), bytes(5, 5)]);
  });

  it('yields nothing for empty content', async () => {
    expect(await collect([], 5)).toEqual([]);
    expect(await collect([Buffer.alloc(0)], 5)).toEqual([]);
  });
});
