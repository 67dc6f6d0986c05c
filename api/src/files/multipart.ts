import multipart, { type Multipart } from '@fastify/multipart';
import { BadRequestException, HttpException } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyRequest } from 'fastify';
import { type AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/**
 * Lets upload routes read multipart bodies as streams (nothing is buffered or spooled to disk),
 * each file of at most STORAGE_MAX_UPLOAD_BYTES. No limit on the number of files: the route
 * refuses the first part it does not expect with a 400 naming its field, and reads no further.
 */
export async function registerMultipart(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.register(multipart, { limits: { fileSize: config.STORAGE_MAX_UPLOAD_BYTES } });
}

/** The parts of a multipart request, in order; a malformed body fails with a 4xx. */
export async function* multipartParts(request: FastifyRequest): AsyncGenerator<Multipart> {
  try {
    yield* request.parts();
  } catch (error) {
    throw malformedUpload(error);
  }
}

/**
 * What a failure to read an upload is answered with: HTTP errors (the multipart plugin's own
 * limits are 4xx with a statusCode) as they are, anything else (a body cut short or not
 * multipart after all) as the 400 it is.
 */
export function malformedUpload(error: unknown): unknown {
  const { statusCode } = error as { statusCode?: unknown };
  if (error instanceof HttpException || (error instanceof Error && typeof statusCode === 'number'))
    return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new BadRequestException(`the multipart body could not be read: ${reason}`);
}
