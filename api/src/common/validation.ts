import {
  type ArgumentMetadata,
  BadRequestException,
  Param,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { nestsDeeperThan } from './nesting-depth';
import { type FieldError } from './problem';

/** Far deeper than any of our DTOs, with notification data, goes. */
const MAX_NESTING_DEPTH = 32;

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Refuses input nested deeper than MAX_NESTING_DEPTH before validating it: class-validator and
 * class-transformer walk it recursively, and ten thousand levels overflowed the stack (a 500).
 */
class DepthBoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestsDeeperThan(value, MAX_NESTING_DEPTH))
      throw new BadRequestException({
        detail: `the ${metadata.type} nests deeper than ${MAX_NESTING_DEPTH} levels`,
      });
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** DTO validation for every route: unknown fields are rejected and each bad field is named. */
export const validationPipe = new DepthBoundedValidationPipe({
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
