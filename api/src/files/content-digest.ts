import { createHash } from 'node:crypto';
import { malformedUpload } from './multipart';

/** Counts and hashes content while it streams through, so neither needs a second pass. */
export class ContentDigest {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private hex: string | undefined;

  /** `source` unchanged; its failures (a body cut short or malformed) are the client's: 4xx. */
  async *pass(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        yield chunk;
      }
    } catch (error) {
      throw malformedUpload(error);
    }
  }

  get size(): number {
    return this.bytes;
  }

  /** Hex SHA-256 of everything passed; ask after the content ended. */
  sha256(): string {
    this.hex ??= this.hash.digest('hex');
    return this.hex;
  }
}
