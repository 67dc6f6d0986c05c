import {
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { type Page, pageSchema } from '../common/pagination';
import { ApiProblem } from '../common/problem';
import { UuidParam } from '../common/validation';
import { FileMetadataDto } from './file-metadata.dto';
import { ListFilesQuery, PresignedUrlQuery, UploadQuery } from './file-queries';
import { FilesService } from './files.service';
import { PresignedUrlDto } from './presigned-url.dto';

const KEY_PARAM = { name: 'key', format: 'uuid', description: 'The key the upload answered with' };
const invalidKey = ApiProblem(400, 'key is not a UUID');
const noSuchFile = ApiProblem(404, 'No such file');

@ApiTags('storage')
@ApiProblem(503, 'A store is unavailable (named in `store`)')
@Controller('storage')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post('upload')
  @ApiOperation({
    summary: 'Upload a file',
    description:
      'Streamed to storage as it arrives, whatever its size up to STORAGE_MAX_UPLOAD_BYTES. ' +
      'The file is stored under a key the API mints; its name is kept only as metadata.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: FileMetadataDto })
  @ApiProblem(400, 'No `file`, another field, or a malformed body')
  @ApiProblem(404, 'ownerId is not an existing user')
  @ApiProblem(413, 'The file is larger than STORAGE_MAX_UPLOAD_BYTES')
  @ApiProblem(415, 'The body is not multipart/form-data')
  upload(@Req() request: FastifyRequest, @Query() { ownerId }: UploadQuery): Promise<FileMetadataDto> {
    return this.files.upload(request, ownerId);
  }

  @Get('download/:key')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({ summary: 'Download a file, as an attachment under its original name' })
  @ApiParam(KEY_PARAM)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with the Content-Type they were uploaded with' })
  @invalidKey
  @noSuchFile
  async download(@UuidParam('key') key: string): Promise<StreamableFile> {
    const { content, contentType, size, contentDisposition } = await this.files.download(key);
    return new StreamableFile(content, { type: contentType, length: size, disposition: contentDisposition });
  }

  @Get('files')
  @ApiOperation({ summary: 'Metadata of files, newest first' })
  @ApiOkResponse({ schema: pageSchema(FileMetadataDto) })
  @ApiProblem(400, 'Invalid ownerId, limit or cursor')
  list(@Query() query: ListFilesQuery): Promise<Page<FileMetadataDto>> {
    return this.files.list(query);
  }

  @Get('files/:key')
  @ApiOperation({ summary: 'Metadata of a file' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: FileMetadataDto })
  @invalidKey
  @noSuchFile
  find(@UuidParam('key') key: string): Promise<FileMetadataDto> {
    return this.files.find(key);
  }

  @Get('files/:key/url')
  @ApiOperation({ summary: 'A presigned URL that downloads the file from storage directly, for a while' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: PresignedUrlDto })
  @ApiProblem(400, 'Invalid key or expiresIn')
  @noSuchFile
  presignedUrl(
    @UuidParam('key') key: string,
    @Query() { expiresIn }: PresignedUrlQuery,
  ): Promise<PresignedUrlDto> {
    return this.files.presignedUrl(key, expiresIn);
  }

  @Delete('files/:key')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a file: its bytes and its metadata' })
  @ApiParam(KEY_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @invalidKey
  @noSuchFile
  delete(@UuidParam('key') key: string): Promise<void> {
    return this.files.delete(key);
  }
}
