import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { UuidField } from '../common/dto-fields';
import { StorableText } from '../common/storable-text';

export class CreateMessageDto {
  @ApiProperty({ format: 'uuid', description: 'Any UUID: a conversation exists once it has a message' })
  @UuidField()
  conversationId!: string;

  @ApiProperty({ format: 'uuid', description: 'An existing user' })
  @UuidField()
  senderId!: string;

  @ApiProperty({ minLength: 1, maxLength: 4000, example: 'Meet at the station at 9?' })
  @IsString()
  @StorableText()
  @Length(1, 4000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;
}
