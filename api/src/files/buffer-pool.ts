/**
 * Buffers of one size, given back after use and taken again by the next upload. An upload is
 * held until it has all arrived (one PUT needs its length first), so the socket's chunks would
 * outlive young collections and be freed only by a full one; copied into reused buffers, they
 * die young, and the copies are no garbage at all.
 */
export class BufferPool {
  private readonly idle: Buffer[] = [];

  /** `maxIdle` bounds what the pool keeps between uploads: maxIdle × bufferSize bytes. */
  constructor(
    readonly bufferSize: number,
    private readonly maxIdle: number,
  ) {}

  /** A buffer of `bufferSize` bytes whose content is undefined: only what is written in it counts. */
  take(): Buffer {
    return this.idle.pop() ?? Buffer.allocUnsafeSlow(this.bufferSize);
  }

  /** Keeps `buffers` for reuse; nothing may read or write them any more. */
  give(buffers: readonly Buffer[]): void {
    for (const buffer of buffers) {
      if (this.idle.length === this.maxIdle) return;
      this.idle.push(buffer);
    }
  }
}
