import type { ZodError } from 'zod';

// The domain's one error type (STYLE.md "Dependencies point inward"). Domain code throws it with a
// code from the closed list below; each door translates it: api/http/errors.ts to problem+json,
// api/gateway/replies.ts to SMTP reply codes (RFC 3463), api/cli to exit codes. Nothing here knows
// HTTP.

export const errorCodes = [
  'bad_request',
  'invalid',
  'unauthorized',
  'forbidden',
  'unverified',
  'suspended',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'locked',
  'rate_limited',
  'quota',
  'internal',
  'bad_gateway',
  'unavailable',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  /** Seconds until a retry can succeed (Retry-After over HTTP, the wait in an SMTP reply). */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, detail: string, extra: { errors?: FieldError[]; retryAfter?: number } = {}) {
    super(detail);
    this.code = code;
    this.errors = extra.errors;
    this.retryAfter = extra.retryAfter;
  }
}

/** True for codes that say "the caller's request is wrong" rather than "we failed". */
export function isClientError(code: ErrorCode): boolean {
  return !['internal', 'bad_gateway', 'unavailable'].includes(code);
}

export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}
