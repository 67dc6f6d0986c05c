import {
  Inject,
  Injectable,
  NotFoundException,
  type OnModuleInit,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type Readable } from 'node:stream';
import { decodeIdCursor, pageOfRows } from '../common/id-cursor';
import { type Page } from '../common/pagination';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxHandlers } from '../outbox/outbox-handlers';
import { UsersRepository } from '../users/users.repository';
import { type FileEntity } from './file.entity';
import { type FileMetadataDto, toFileMetadataDto } from './file-metadata.dto';
import { FileMetadataRepository } from './file-metadata.repository';
import { FileObjectsRepository } from './file-objects.repository';
import { attachmentDisposition } from './file-naming';
import { type ListFilesQuery } from './file-queries';
import { type PresignedUrlDto } from './presigned-url.dto';
import { UploadReceiver } from './upload-receiver';

// Files one cleanup transaction deletes (one MinIO DeleteObjects request takes up to 1000).
const CLEANUP_BATCH = 500;

export interface FileDownload {
  content: Readable;
  contentType: string;
  size: number;
  contentDisposition: string;
}

const fileNotFound = (key: string) => new NotFoundException(`file ${key} not found`);
const ownerNotFound = (ownerId: string) =>
  new NotFoundException(`ownerId ${ownerId} is not an existing user`);

/** Files: bytes in MinIO, metadata in PostgreSQL, written object first and deleted metadata first. */
@Injectable()
export class FilesService implements OnModuleInit {
  private readonly removeObjects = (keys: string[]) => this.objects.remove(keys);

  constructor(
    private readonly metadata: FileMetadataRepository,
    private readonly objects: FileObjectsRepository,
    private readonly uploads: UploadReceiver,
    private readonly users: UsersRepository,
    private readonly outboxHandlers: OutboxHandlers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // A store outage makes the cleanup throw, so the outbox delivers the event again later.
    this.outboxHandlers.register('user.deleted', ({ userId }) => this.deleteAllOwnedBy(userId));
  }

  /**
   * Streams the multipart field `file` into MinIO, then records its metadata; the object is
   * removed again if that fails, so no object stays without metadata.
   */
  async upload(request: FastifyRequest, ownerId: string | undefined): Promise<FileMetadataDto> {
    if (!request.isMultipart()) {
      throw new UnsupportedMediaTypeException('send the file as multipart/form-data, in the field `file`');
    }
    if (ownerId !== undefined && !(await this.ownerExists(ownerId))) throw ownerNotFound(ownerId);
    const file = await this.uploads.receive(request, ownerId ?? null);
    try {
      await this.metadata.insert(file);
    } catch (error) {
      await this.uploads.discard(file.key);
      throw error;
    }
    // The owner may have been deleted, and their files cleaned up, while the bytes streamed in;
    // checking again now that this row is visible to that cleanup leaves no file behind.
    if (ownerId !== undefined && !(await this.ownerExists(ownerId))) {
      await this.metadata.delete(file.key, this.removeObjects);
      throw ownerNotFound(ownerId);
    }
    return toFileMetadataDto(file);
  }

  async find(key: string): Promise<FileMetadataDto> {
    return toFileMetadataDto(await this.findEntity(key));
  }

  async list({ ownerId, limit, cursor }: ListFilesQuery): Promise<Page<FileMetadataDto>> {
    const rows = await this.metadata.list(ownerId, decodeIdCursor(cursor), limit + 1);
    const page = pageOfRows(rows, limit, (file) => file.key);
    return { items: page.items.map(toFileMetadataDto), nextCursor: page.nextCursor };
  }

  async download(key: string): Promise<FileDownload> {
    const { contentType, size, fileName } = await this.findEntity(key);
    // No object behind the metadata: a deletion whose commit failed; a retried DELETE ends it.
    const content = await this.objects.get(key);
    if (!content) throw fileNotFound(key);
    return { content, contentType, size, contentDisposition: attachmentDisposition(fileName) };
  }

  async presignedUrl(
    key: string,
    expiresIn = this.config.STORAGE_PRESIGNED_URL_TTL_SECONDS,
  ): Promise<PresignedUrlDto> {
    const { contentType, fileName } = await this.findEntity(key);
    // Signatures carry whole seconds: signing at one makes expiresAt exact.
    const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const url = await this.objects.presignedGetUrl(key, expiresIn, signedAt, {
      contentType,
      contentDisposition: attachmentDisposition(fileName),
    });
    return { url, expiresAt: new Date(signedAt.getTime() + expiresIn * 1000).toISOString() };
  }

  async delete(key: string): Promise<void> {
    if (!(await this.metadata.delete(key, this.removeObjects))) throw fileNotFound(key);
  }

  /** Deletes every file of `ownerId`, a batch at a time; after a failure, running it again finishes. */
  async deleteAllOwnedBy(ownerId: string): Promise<void> {
    let deleted: number;
    // Until a batch finds nothing: a short batch may only mean another deletion took some rows.
    do deleted = await this.metadata.deleteSomeOwnedBy(ownerId, CLEANUP_BATCH, this.removeObjects);
    while (deleted > 0);
  }

  private async findEntity(key: string): Promise<FileEntity> {
    const file = await this.metadata.findByKey(key);
    if (!file) throw fileNotFound(key);
    return file;
  }

  private async ownerExists(ownerId: string): Promise<boolean> {
    return (await this.users.findExistingIds([ownerId])).has(ownerId);
  }
}
