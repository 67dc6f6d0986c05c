import { ApiProperty } from '@nestjs/swagger';

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
