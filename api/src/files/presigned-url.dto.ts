import { ApiProperty } from '@nestjs/swagger';

export class PresignedUrlDto {
  @ApiProperty({ description: 'GET it, with no credentials, to download the file' }) url!: string;
  @ApiProperty({ format: 'date-time', description: 'When MinIO stops honouring the URL' }) expiresAt!: string;
}
