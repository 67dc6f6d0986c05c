import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Whether every store can keep the text exactly as sent: PostgreSQL refuses NUL characters in
 * text, and a lone surrogate has no UTF-8 encoding, so drivers would store U+FFFD in its place.
 */
export function isStorableText(value: unknown): boolean {
  return typeof value !== 'string' || (value.isWellFormed() && !value.includes('\0'));
}

/** Refuses, as a 400 naming the field, text that a store would refuse or silently change. */
export const StorableText = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'storableText',
      validator: {
        validate: isStorableText,
        defaultMessage: (args) =>
          `${args?.property ?? 'text'} must be well-formed Unicode without NUL characters`,
      },
    },
    options,
  );
