import { type EntitySchema } from 'typeorm';

/** Every TypeORM entity the features map; each feature adds its own here. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const entities: (Function | EntitySchema)[] = [];
