import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { StorableText } from '../common/storable-text';

export class CreateMessageDto {
  @ApiProperty({ format: 'uuid', description: 'Any UUID: a conversation exists once it has a message' })
  @IsUUID()
  conversationId!: string;

  @ApiProperty({ format: 'uuid', description: 'An existing user' })
  @IsUUID()
  senderId!: string;

  @ApiProperty({ minLength: 1, maxLength: 4000, example: 'Meet at the station at 9?' })
  @IsString()
  @StorableText()
  @Length(1, 4000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;
}
