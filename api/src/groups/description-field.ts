import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { Trimmed } from '../common/dto-fields';

export const DescriptionField = () => applyDecorators(Trimmed(), IsString(), MaxLength(1000));
