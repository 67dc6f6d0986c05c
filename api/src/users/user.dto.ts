import { ApiProperty } from '@nestjs/swagger';
import { type UserEntity } from './user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid', description: 'UUID v7: ids sort by creation time' }) id!: string;
  @ApiProperty({ example: 'ada@example.com', description: 'Lower-cased' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toUserDto({ id, email, name, createdAt, updatedAt }: UserEntity): UserDto {
  return { id, email, name, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}
