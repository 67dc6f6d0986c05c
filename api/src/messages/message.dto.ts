import { ApiProperty } from '@nestjs/swagger';
import { type Message } from './messages.repository';

export class MessageDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A time-based UUID (v1): its time is when the message was sent',
    example: '5b6a1f40-3f1e-11f0-9c7e-2b1d6f3a9e11',
  })
  id!: string;

  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ format: 'uuid' }) senderId!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** Answers carry `createdAt` as ISO text, the same whether a page comes from Cassandra or a cache. */
export function toMessageDto({ id, conversationId, senderId, body, createdAt }: Message): MessageDto {
  return { id, conversationId, senderId, body, createdAt: createdAt.toISOString() };
}
