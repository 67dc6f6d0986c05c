import { ApiProperty } from '@nestjs/swagger';
import { NameField } from '../common/dto-fields';
import { EmailField } from './email-field';

export class CreateUserDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254, description: 'Unique, whatever its case' })
  @EmailField()
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: 100 })
  @NameField()
  name!: string;
}
