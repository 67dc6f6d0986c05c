import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { Trimmed } from '../common/dto-fields';
import { StorableText } from '../common/storable-text';

export const DescriptionField = () => applyDecorators(Trimmed(), IsString(), StorableText(), MaxLength(1000));
