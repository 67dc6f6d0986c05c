import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { UuidField } from '../common/dto-fields';
import { StorableText } from '../common/storable-text';
import { MaxJsonBytes } from './max-json-bytes.validator';

export const MAX_DATA_BYTES = 2048;

export class CreateNotificationDto {
  @ApiProperty({ format: 'uuid', description: 'An existing user: the recipient' })
  @UuidField()
  userId!: string;

  @ApiProperty({
    maxLength: 64,
    example: 'friend.request',
    description: 'What happened, for clients to route on',
  })
  @Length(1, 64)
  @Matches(/^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/, {
    message: 'type must be lower-case words joined by ".", "_" or "-", like friend.request',
  })
  type!: string;

  @ApiProperty({ minLength: 1, maxLength: 1000, example: 'Ana wants to be your friend' })
  @IsString()
  @StorableText()
  @Length(1, 1000)
  @Matches(/\S/, { message: 'message must not be blank' })
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `Anything the client needs to act on it, at most ${MAX_DATA_BYTES} bytes as JSON`,
    example: { fromUserId: '0197a3c2-5b1e-7c3a-9f00-2b4d6e8a1c3f' },
  })
  @IsOptional()
  @IsObject()
  @MaxJsonBytes(MAX_DATA_BYTES)
  data?: Record<string, unknown>;
}
