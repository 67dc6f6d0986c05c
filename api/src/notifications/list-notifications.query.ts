import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ default: false, description: 'Only the unread notifications' })
  @IsOptional()
  // Query strings are text: only "true" and "false" are booleans, anything else fails validation.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread: boolean = false;
}
