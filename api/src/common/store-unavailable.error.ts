import { type StoreName } from '../infrastructure/store-probe';

/** A store did not answer; the error filter turns it into a 503 that names the store. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly store: StoreName,
    options?: { cause?: unknown },
  ) {
    super(`${store} is unavailable`, options);
    this.name = 'StoreUnavailableError';
  }
}
