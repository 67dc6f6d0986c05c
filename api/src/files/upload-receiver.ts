import { type MultipartFile } from '@fastify/multipart';
import { Inject, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { invalidField } from '../common/validation';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ContentDigest } from './content-digest';
import { type FileEntity } from './file.entity';
import { FileObjectsRepository } from './file-objects.repository';
import { isMediaType, sanitizeFileName } from './file-naming';
import { multipartParts } from './multipart';

/** Reads a multipart upload to its end, streaming its one field `file` into MinIO on the way. */
@Injectable()
export class UploadReceiver {
  private readonly logger = new Logger(UploadReceiver.name);

  constructor(
    private readonly objects: FileObjectsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The metadata of the stored object, for the caller to record; nothing is stored if it throws. */
  async receive(request: FastifyRequest, ownerId: string | null): Promise<FileEntity> {
    let stored: FileEntity | undefined;
    try {
      for await (const part of multipartParts(request)) {
        if (part.type !== 'file' || part.fieldname !== 'file') {
          throw invalidField(
            part.fieldname,
            `unexpected multipart field ${part.fieldname}: the file goes in \`file\`, ownerId in the query`,
          );
        }
        if (stored) throw invalidField('file', 'one file per upload: `file` came twice');
        stored = await this.store(part, ownerId);
      }
    } catch (error) {
      if (stored) await this.discard(stored.key);
      throw error;
    }
    if (!stored) throw invalidField('file', 'file is required: send it in the multipart field `file`');
    return stored;
  }

  /** Best effort: removes an object again whose metadata could not be recorded. */
  async discard(key: string): Promise<void> {
    await this.objects.remove([key]).catch((error: unknown) => {
      this.logger.error({ err: error, key }, 'an uploaded object without metadata could not be removed');
    });
  }

  private async store(part: MultipartFile, ownerId: string | null): Promise<FileEntity> {
    const contentType = part.mimetype.toLowerCase();
    if (!isMediaType(contentType)) {
      throw invalidField('file', 'the Content-Type of file must be a media type such as image/png');
    }
    const maxBytes = this.config.STORAGE_MAX_UPLOAD_BYTES;
    // Fail as soon as the limit is crossed, before MinIO could complete a truncated object.
    part.file.once('limit', () =>
      part.file.destroy(new PayloadTooLargeException(`file is larger than the ${maxBytes} bytes allowed`)),
    );
    const key = uuidv7();
    const digest = new ContentDigest();
    try {
      await this.objects.put(key, contentType, digest.pass(part.file), () => digest.sha256());
    } catch (error) {
      // Whatever failed, nothing reads the rest of the file any more.
      part.file.destroy();
      throw error;
    }
    return {
      key,
      ownerId,
      fileName: sanitizeFileName(part.filename),
      contentType,
      size: digest.size,
      sha256: digest.sha256(),
      createdAt: new Date(),
    };
  }
}
