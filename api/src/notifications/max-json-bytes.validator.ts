import { ValidateBy, type ValidationOptions } from 'class-validator';

/** At most `maxBytes` of UTF-8 once serialised as JSON: what the store will hold. */
export function MaxJsonBytes(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxJsonBytes',
      constraints: [maxBytes],
      validator: {
        validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '') <= maxBytes,
        defaultMessage: (args) => `${args?.property} must be at most ${maxBytes} bytes as JSON`,
      },
    },
    options,
  );
}
