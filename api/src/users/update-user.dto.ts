import { ApiPropertyOptional } from '@nestjs/swagger';
import { NameField, UnlessAbsent } from '../common/dto-fields';
import { EmailField } from './email-field';

/** Absent fields stay as they are. */
export class UpdateUserDto {
  @ApiPropertyOptional({
    example: 'ada@example.com',
    maxLength: 254,
    description: 'Unique, whatever its case',
  })
  @UnlessAbsent()
  @EmailField()
  email?: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 100 })
  @UnlessAbsent()
  @NameField()
  name?: string;
}
