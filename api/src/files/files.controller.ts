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
  Res,
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
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Page, pageSchema } from '../common/pagination';
import { Problem } from '../common/problem';
import { UuidParam } from '../common/validation';
import { FileMetadataDto } from './file-metadata.dto';
import { ListFilesQuery, PresignedUrlQuery, UploadQuery } from './file-queries';
import { FilesService } from './files.service';
import { PresignedUrlDto } from './presigned-url.dto';

const KEY_PARAM = { name: 'key', format: 'uuid', description: 'The key the upload answered with' };
const INVALID_KEY = { status: 400, type: Problem, description: 'key is not a UUID' };
const NO_SUCH_FILE = { status: 404, type: Problem, description: 'No such file' };

@ApiTags('storage')
@ApiResponse({ status: 503, type: Problem, description: 'A store is unavailable (named in `store`)' })
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
  @ApiResponse({ status: 400, type: Problem, description: 'No `file`, another field, or a malformed body' })
  @ApiResponse({ status: 404, type: Problem, description: 'ownerId is not an existing user' })
  @ApiResponse({
    status: 413,
    type: Problem,
    description: 'The file is larger than STORAGE_MAX_UPLOAD_BYTES',
  })
  @ApiResponse({ status: 415, type: Problem, description: 'The body is not multipart/form-data' })
  async upload(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() { ownerId }: UploadQuery,
  ): Promise<FileMetadataDto> {
    try {
      return await this.files.upload(request, ownerId);
    } catch (error) {
      // The rest of a refused body is not worth receiving: the connection closes after the answer.
      if (!request.raw.complete) void reply.header('connection', 'close');
      throw error;
    }
  }

  @Get('download/:key')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({ summary: 'Download a file, as an attachment under its original name' })
  @ApiParam(KEY_PARAM)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes, with the Content-Type they were uploaded with' })
  @ApiResponse(INVALID_KEY)
  @ApiResponse(NO_SUCH_FILE)
  async download(@UuidParam('key') key: string): Promise<StreamableFile> {
    const { content, contentType, size, contentDisposition } = await this.files.download(key);
    return new StreamableFile(content, { type: contentType, length: size, disposition: contentDisposition });
  }

  @Get('files')
  @ApiOperation({ summary: 'Metadata of files, newest first' })
  @ApiOkResponse({ schema: pageSchema(FileMetadataDto) })
  @ApiResponse({ status: 400, type: Problem, description: 'Invalid ownerId, limit or cursor' })
  list(@Query() query: ListFilesQuery): Promise<Page<FileMetadataDto>> {
    return this.files.list(query);
  }

  @Get('files/:key')
  @ApiOperation({ summary: 'Metadata of a file' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: FileMetadataDto })
  @ApiResponse(INVALID_KEY)
  @ApiResponse(NO_SUCH_FILE)
  find(@UuidParam('key') key: string): Promise<FileMetadataDto> {
    return this.files.find(key);
  }

  @Get('files/:key/url')
  @ApiOperation({ summary: 'A presigned URL that downloads the file from storage directly, for a while' })
  @ApiParam(KEY_PARAM)
  @ApiOkResponse({ type: PresignedUrlDto })
  @ApiResponse({ status: 400, type: Problem, description: 'Invalid key or expiresIn' })
  @ApiResponse(NO_SUCH_FILE)
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
  @ApiResponse(INVALID_KEY)
  @ApiResponse(NO_SUCH_FILE)
  delete(@UuidParam('key') key: string): Promise<void> {
    return this.files.delete(key);
  }
}
