/**
 * The result envelope every transport carries (Electron IPC and HTTP alike): `{ ok: true, result }`
 * or `{ ok: false, error: { code, message, field? } }`. Declared once, here, for both ends.
 */
import { ApiError, type ApiErrorCode } from './errors';

export interface EnvelopeError {
  code: ApiErrorCode;
  message: string;
  field?: string;
}

export type Envelope<R = unknown> = { ok: true; result: R } | { ok: false; error: EnvelopeError };

/** A successful call's envelope. */
export function okEnvelope<R>(result: R): Envelope<R> {
  return { ok: true, result };
}

/** Any thrown value as an ApiError (an unknown one becomes 'failed' with its message). */
export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('failed', err instanceof Error ? err.message : String(err));
}

/** A failed call's envelope, from whatever was thrown. */
export function errorEnvelope(err: unknown): Envelope<never> {
  return { ok: false, error: toApiError(err).toJSON() };
}

/** The result of an envelope, or its error thrown as an ApiError (code, message and field kept). */
export function unwrapEnvelope<R>(env: Envelope<R>): R {
  if (env.ok) return env.result;
  throw new ApiError(env.error?.code ?? 'failed', env.error?.message ?? 'request failed', env.error?.field);
}
