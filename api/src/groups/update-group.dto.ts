import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { NameField, UnlessAbsent } from '../common/dto-fields';
import { DescriptionField } from './description-field';

/** Absent fields stay as they are. The owner cannot change: ownership is not transferable. */
export class UpdateGroupDto {
  @ApiPropertyOptional({ example: 'Lisbon, August', maxLength: 100 })
  @UnlessAbsent()
  @NameField()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000, description: 'null removes it' })
  @IsOptional()
  @DescriptionField()
  description?: string | null;
}
