import { QueryFailedError } from 'typeorm';

// SQLSTATE codes of the integrity violations features turn into 404 or 409 answers.
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function violatedConstraint(error: unknown, sqlState: string): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  return code === sqlState ? constraint : undefined;
}

/** The name of the unique constraint `error` violated, if that is what it is. */
export const violatedUniqueConstraint = (error: unknown): string | undefined =>
  violatedConstraint(error, UNIQUE_VIOLATION);

/** The name of the foreign key `error` violated (a referenced row is missing), if that is what it is. */
export const violatedForeignKey = (error: unknown): string | undefined =>
  violatedConstraint(error, FOREIGN_KEY_VIOLATION);
