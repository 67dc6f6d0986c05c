import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { StorableText } from './storable-text';

/** Surrounding whitespace is never meant: " Ada " is "Ada". */
export const Trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A UUID, lower-cased: PostgreSQL and Cassandra read either case, but Neo4j, Redis keys and
 * MinIO object names compare exactly, so every id enters in the one form they store.
 */
export const UuidField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsUUID(),
  );

/** The name of a person or a group: not blank, at most 100 characters. */
export const NameField = () =>
  applyDecorators(Trimmed(), IsString(), StorableText(), IsNotEmpty(), MaxLength(100));

/**
 * For partial updates: an absent field is left alone, but null is validated like any value, so
 * a field that cannot be empty refuses it instead of reaching the database.
 */
export const UnlessAbsent = () => ValidateIf((_: object, value: unknown) => value !== undefined);
