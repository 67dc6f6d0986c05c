import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { UuidField } from '../common/dto-fields';
import { PageQuery } from '../common/pagination';

export class UploadQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'The user the file belongs to; deleted with them' })
  @IsOptional()
  @UuidField()
  ownerId?: string;
}

export class ListFilesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the files of this user' })
  @IsOptional()
  @UuidField()
  ownerId?: string;
}

export class PresignedUrlQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 86_400,
    description: 'Seconds the URL works for; STORAGE_PRESIGNED_URL_TTL_SECONDS (900 by default) if absent',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  expiresIn?: number;
}
