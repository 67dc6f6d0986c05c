import { ApiProperty } from '@nestjs/swagger';

export class NotificationDto {
  @ApiProperty({
    format: 'uuid',
    description: 'A time-based UUID (v1): its time is when the notification was created',
    example: '5b6a1f40-3f1e-11f0-9c7e-2b1d6f3a9e11',
  })
  id!: string;

  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'friend.request' }) type!: string;
  @ApiProperty({ example: 'Ana wants to be your friend' }) message!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) data!: Record<
    string,
    unknown
  > | null;
  @ApiProperty() read!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UnreadCountDto {
  @ApiProperty({ example: 3 }) count!: number;
}
