import { ApiProperty } from '@nestjs/swagger';
import { type FileEntity } from './file.entity';

export class FileMetadataDto {
  @ApiProperty({ format: 'uuid', description: 'The key the API minted (UUID v7), never the file name' })
  key!: string;
  @ApiProperty({ example: 'Lisbon itinerary.pdf', description: "The client's file name, sanitised" })
  fileName!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ example: 52_341, description: 'In bytes' }) size!: number;
  @ApiProperty({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'Hex SHA-256',
  })
  sha256!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The user the file belongs to' })
  ownerId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toFileMetadataDto(file: FileEntity): FileMetadataDto {
  const { key, fileName, contentType, size, sha256, ownerId, createdAt } = file;
  return { key, fileName, contentType, size, sha256, ownerId, createdAt: createdAt.toISOString() };
}
