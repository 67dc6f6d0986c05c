import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from 'minio';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { STORAGE_BUCKET } from '../infrastructure/minio/minio.module';
import { StoreOperations } from '../infrastructure/store-operations';
import { BufferPool } from './buffer-pool';
import { fixedSizeParts, type Part } from './fixed-size-parts';

const KIB = 1024;
// S3 parts are at least 5 MiB (but the last). An upload holds up to three parts in memory.
const PART_SIZE = 8 * KIB * KIB;
// A socket reads at most 64 KiB at a time; larger buffers would leave more of a small upload's
// last one unused.
const BUFFER_SIZE = 64 * KIB;
// Enough for sixteen 1 MiB uploads at once to take no new memory.
const MAX_IDLE_BUFFERS = 256;

// Keys per listing request: S3's most.
const LIST_PAGE_SIZE = 1000;

export interface ResponseHeaders {
  contentType: string;
  contentDisposition: string;
}

/** File bytes in MinIO, one object per file, keyed by the file's key. */
@Injectable()
export class FileObjectsRepository {
  private readonly logger = new Logger(FileObjectsRepository.name);
  private readonly buffers = new BufferPool(BUFFER_SIZE, MAX_IDLE_BUFFERS);

  constructor(
    private readonly client: Client,
    @Inject(STORAGE_BUCKET) private readonly bucket: string,
    private readonly store: StoreOperations,
  ) {}

  /**
   * Writes `content` as the object `key`, holding a few parts in memory whatever its size: one
   * PUT when it fits in one part, otherwise a multipart upload, aborted if the content or
   * MinIO fails midway so that nothing partial remains. `contentSha256` is the hex SHA-256 of
   * the whole content, asked once it has ended: the single PUT signs it rather than hash the
   * content a second time.
   */
  async put(
    key: string,
    contentType: string,
    content: AsyncIterable<Buffer>,
    contentSha256: () => string,
  ): Promise<void> {
    const parts = fixedSizeParts(content, PART_SIZE, this.buffers);
    const first = await parts.next();
    const second = first.done ? first : await parts.next();
    const metadata = { 'Content-Type': contentType };
    if (second.done) {
      const whole = first.done ? { chunks: [], buffers: [], size: 0 } : first.value;
      await this.putWhole(key, metadata, whole, contentSha256());
      // MinIO answers once it has read the whole body: no write of it is pending.
      this.buffers.give(whole.buffers);
      return;
    }
    const uploadId = await this.store.run('minio', 'object-multipart-start', () =>
      this.client.initiateNewMultipartUpload(this.bucket, key, metadata),
    );
    try {
      const etags = await this.uploadParts(key, uploadId, withFirst([first.value, second.value], parts));
      await this.store.run('minio', 'object-multipart-complete', () =>
        this.client.completeMultipartUpload(this.bucket, key, uploadId, etags),
      );
    } catch (error) {
      await this.store
        .run('minio', 'object-multipart-abort', () =>
          this.client.abortMultipartUpload(this.bucket, key, uploadId),
        )
        // MinIO expires abandoned uploads by itself (after 24 h by default).
        .catch((abortError: unknown) =>
          this.logger.warn({ err: abortError, key }, 'could not abort an upload'),
        );
      throw error;
    }
  }

  /**
   * The S3 PUT itself, of the part's chunks: putObject would join them, copying every upload
   * once more, and hash them with MD5 as well as SHA-256. The body is a stream, which cannot be
   * sent twice: the client does not retry (minio-client.ts).
   */
  private async putWhole(
    key: string,
    metadata: Record<string, string>,
    part: Part,
    sha256: string,
  ): Promise<void> {
    await this.store.run('minio', 'object-put', async () => {
      const response = await this.client.makeRequestStreamAsync(
        {
          method: 'PUT',
          bucketName: this.bucket,
          objectName: key,
          headers: { ...metadata, 'content-length': String(part.size) },
        },
        Readable.from(part.chunks, { objectMode: false }),
        // Plain HTTP signs the payload's hash; over TLS the client signs without one.
        this.client.enableSHA256 ? sha256 : '',
        [200],
        '',
      );
      response.resume();
      await finished(response);
    });
  }

  /** Uploads each part while the next one is read, so the client and MinIO both keep busy. */
  private async uploadParts(
    key: string,
    uploadId: string,
    parts: AsyncIterator<Part>,
  ): Promise<{ part: number; etag: string }[]> {
    const etags: { part: number; etag: string }[] = [];
    let current = await parts.next();
    for (let partNumber = 1; current.done !== true; partNumber++) {
      const body = Buffer.concat(current.value.chunks, current.value.size);
      this.buffers.give(current.value.buffers);
      const [uploaded, next] = await Promise.all([
        this.store.run('minio', 'object-multipart-part', () =>
          this.client.uploadPart(
            { bucketName: this.bucket, objectName: key, uploadID: uploadId, partNumber, headers: {} },
            body,
          ),
        ),
        parts.next(),
      ]);
      etags.push({ part: partNumber, etag: uploaded.etag });
      current = next;
    }
    return etags;
  }

  /** The object's bytes as a stream, or null if MinIO has no such object. */
  async get(key: string): Promise<Readable | null> {
    try {
      return await this.store.run('minio', 'object-get', () => this.client.getObject(this.bucket, key));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** Every object's key and last change, in key order, a page per request. */
  async *listAll(): AsyncGenerator<{ key: string; lastModified: Date }> {
    let continuationToken = '';
    do {
      const page = await this.store.run('minio', 'object-list', () =>
        this.client.listObjectsV2Query(this.bucket, '', continuationToken, '', LIST_PAGE_SIZE, ''),
      );
      for (const item of page.objects)
        if (item.name !== undefined) yield { key: item.name, lastModified: item.lastModified };
      continuationToken = page.isTruncated ? page.nextContinuationToken : '';
    } while (continuationToken);
  }

  /** Removes the objects; already absent ones are fine, so this can be repeated. */
  async remove(keys: string[]): Promise<void> {
    await this.store.run('minio', 'object-remove', async () => {
      const failures = await this.client.removeObjects(this.bucket, keys);
      // Inside the call, so that the failure's S3 code tells an outage from a refusal.
      if (failures.length > 0)
        throw new Error(`MinIO could not remove objects: ${JSON.stringify(failures)}`, {
          cause: { code: s3CodeOf(failures[0]) },
        });
    });
  }

  /** A URL that downloads the object without credentials until `expiresInSeconds` from `signedAt`. */
  presignedGetUrl(
    key: string,
    expiresInSeconds: number,
    signedAt: Date,
    headers: ResponseHeaders,
  ): Promise<string> {
    const responseHeaders = {
      'response-content-type': headers.contentType,
      'response-content-disposition': headers.contentDisposition,
    };
    return this.store.run('minio', 'object-presign-get', () =>
      this.client.presignedGetObject(this.bucket, key, expiresInSeconds, responseHeaders, signedAt),
    );
  }
}

async function* withFirst<T>(first: T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* first;
  yield* rest;
}

/** The S3 code of a failed removal: minio-js types it `{ Error: { Code } }`, its parser gives `{ Code }`. */
function s3CodeOf(failure: unknown): string | undefined {
  const entry = failure as { Code?: string; Error?: { Code?: string } } | null | undefined;
  return entry?.Error?.Code ?? entry?.Code;
}
