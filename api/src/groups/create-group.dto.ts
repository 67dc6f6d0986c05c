import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { NameField, UuidField } from '../common/dto-fields';
import { DescriptionField } from './description-field';

export class CreateGroupDto {
  @ApiProperty({ example: 'Lisbon, August', maxLength: 100 })
  @NameField()
  name!: string;

  @ApiPropertyOptional({ example: 'Ten days by the sea', maxLength: 1000 })
  @IsOptional()
  @DescriptionField()
  description?: string;

  @ApiProperty({ format: 'uuid', description: 'The creating user: owner and first member of the group' })
  @UuidField()
  ownerId!: string;
}
