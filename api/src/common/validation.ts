import {
  BadRequestException,
  Param,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { type FieldError } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** DTO validation for every route: unknown fields are rejected and each bad field is named. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fieldErrors = flatten(errors);
    return new BadRequestException({
      detail: fieldErrors.map((error) => error.message).join('; '),
      errors: fieldErrors,
    });
  },
});

/** A 400 naming one invalid field, in the same shape as DTO validation errors. */
export function invalidField(field: string, message: string): BadRequestException {
  return new BadRequestException({ detail: message, errors: [{ field, message }] });
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) }));
