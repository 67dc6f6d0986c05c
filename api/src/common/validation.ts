import {
  type ArgumentMetadata,
  BadRequestException,
  Param,
  ParseUUIDPipe,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { nestsDeeperThan } from './nesting-depth';
import { type FieldError } from './problem';

/** Far deeper than any of our DTOs, with notification data, goes. */
const MAX_NESTING_DEPTH = 32;
/** Distinct valid query strings remembered per query class. */
const REMEMBERED_QUERIES = 1000;

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
 *
 * Remembers what valid query strings validated to: hot reads repeat a few (`?limit=50`), and
 * validating one again each time was 8 % of a cached page's CPU time. Validation depends on the
 * input alone, so a remembered query gives what validating it would; each request gets its own
 * copy. Bodies are not remembered: they are larger, and rarely sent twice.
 */
class DepthBoundedValidationPipe extends ValidationPipe {
  private readonly validQueries = new Map<ArgumentMetadata['metatype'], LRUCache<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestsDeeperThan(value, MAX_NESTING_DEPTH))
      throw new BadRequestException({
        detail: `the ${metadata.type} nests deeper than ${MAX_NESTING_DEPTH} levels`,
      });
    if (metadata.type !== 'query' || !metadata.metatype)
      return super.transform(value, metadata) as Promise<unknown>;
    let remembered = this.validQueries.get(metadata.metatype);
    if (!remembered) {
      remembered = new LRUCache({ max: REMEMBERED_QUERIES });
      this.validQueries.set(metadata.metatype, remembered);
    }
    const key = JSON.stringify(value);
    const known = remembered.get(key);
    if (known) return copyOf(known);
    const valid = (await super.transform(value, metadata)) as unknown;
    if (typeof valid === 'object' && valid !== null) remembered.set(key, copyOf(valid));
    return valid;
  }
}

/** Query classes hold plain values (numbers, strings): a shallow copy is a copy. */
function copyOf(query: object): object {
  return Object.assign(Object.create(Object.getPrototypeOf(query) as object) as object, query);
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

/** A UUID in the one form the stores keep it (`UuidField`): lower case. */
class CanonicalUuidPipe extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await super.transform(value, metadata)).toLowerCase();
  }
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new CanonicalUuidPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) }),
  );
