/** Errors that cross the contract: a code the UI can act on and a sentence a person can read. */
import type { z } from 'zod';

export type ApiErrorCode = 'bad-params' | 'unknown-method' | 'no-workspace' | 'not-found' | 'failed' | 'unauthorized' | 'cancelled';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): { code: ApiErrorCode; message: string; field?: string } {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }

  /** HTTP status for this error. */
  get status(): number {
    switch (this.code) {
      case 'bad-params':
        return 400;
      case 'unauthorized':
        return 401;
      case 'unknown-method':
      case 'not-found':
        return 404;
      case 'no-workspace':
        return 409;
      case 'cancelled':
        // nginx's "client closed request": the caller went away or aborted.
        return 499;
      default:
        return 500;
    }
  }
}

/** A zod failure as one readable sentence naming the field: `series/range: ids: at least one series id`. */
export function paramsError(method: string, error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : '';
  const what = issue?.message ?? 'invalid params';
  return new ApiError('bad-params', `${method}: ${field ? `${field}: ` : ''}${what}`, field || undefined);
}
