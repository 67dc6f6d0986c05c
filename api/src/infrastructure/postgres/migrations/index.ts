import { type MigrationInterface } from 'typeorm';

/** Every migration, oldest first; the API applies the pending ones on start. */
export const migrations: (new () => MigrationInterface)[] = [];
