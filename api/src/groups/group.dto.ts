import { ApiProperty } from '@nestjs/swagger';
import { type GroupEntity } from './group.entity';

export class GroupDto {
  @ApiProperty({ format: 'uuid', description: 'UUID v7: ids sort by creation time' }) id!: string;
  @ApiProperty({ example: 'Lisbon, August' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Ten days by the sea' }) description!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The user who created the group; always a member' })
  ownerId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toGroupDto({ id, name, description, ownerId, createdAt, updatedAt }: GroupEntity): GroupDto {
  return {
    id,
    name,
    description,
    ownerId,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}
