import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { databaseUnavailableReason, unavailableRetryAfterSeconds } from '../../db/errors';
import { AppError, type ErrorCode, fieldErrors } from '../errors';
import type { AppEnv } from './env';

export { AppError, type ErrorCode, type FieldError, fieldErrors } from '../errors';

// The HTTP door's half of the error model (RFC 9457 problem details): the domain's AppError
// (api/errors.ts) mapped to a status, and the one handler that answers `application/problem+json`.

export const errorStatus = {
  bad_request: 400,
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  unverified: 403,
  suspended: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 429,
  rate_limited: 429,
  quota: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

const titles: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  invalid: 'Invalid input',
  unauthorized: 'Not signed in',
  forbidden: 'Not allowed',
  unverified: 'Address not confirmed yet',
  suspended: 'Account suspended',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Request too large',
  unsupported_media_type: 'Unsupported media type',
  locked: 'Temporarily locked',
  rate_limited: 'Too many requests',
  quota: 'Quota reached',
  internal: 'Internal error',
  bad_gateway: 'Upstream failed',
  unavailable: 'Service unavailable',
};

export function httpStatus(err: AppError): ContentfulStatusCode {
  return errorStatus[err.code];
}

export function problemType(code: ErrorCode): string {
  return `urn:vertraulich:problem:${code}`;
}

export function problemResponse(c: Context<AppEnv>, err: AppError): Response {
  const body: Record<string, unknown> = {
    type: problemType(err.code),
    title: titles[err.code],
    status: httpStatus(err),
    detail: err.message,
  };
  if (err.errors) body.errors = err.errors;
  const requestId = c.get('requestId');
  if (requestId) body.requestId = requestId;
  if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
  // RFC 6750 §3: a 401 names the scheme it wants.
  if (err.code === 'unauthorized') c.header('WWW-Authenticate', 'Bearer realm="vertraulich"');
  // The client may still be sending the body we will not read: close the connection after this
  // answer (RFC 9110 §15.5.14) instead of keeping it alive with unread bytes in the way.
  if (err.code === 'payload_too_large') c.header('Connection', 'close');
  c.header('Content-Type', 'application/problem+json');
  return c.body(JSON.stringify(body), httpStatus(err));
}

function fromHttpException(err: HTTPException): AppError {
  const status = err.status;
  if (status === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (status === 400 && /json/i.test(err.message))
    return new AppError('bad_request', 'The body is not valid JSON.');
  if (status === 401) return new AppError('unauthorized', err.message || 'Sign in first.');
  const code = (Object.keys(errorStatus) as ErrorCode[]).find((k) => errorStatus[k] === status);
  return new AppError(code ?? 'bad_request', err.message || titles[code ?? 'bad_request']);
}

export function databaseUnavailable(): AppError {
  return new AppError('unavailable', 'The database is not reachable right now; please try again shortly.', {
    retryAfter: unavailableRetryAfterSeconds,
  });
}

/** app.onError: known errors as problem+json; anything else logged with the request id, answered 500. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof AppError) return problemResponse(c, err);
  if (err instanceof ZodError) {
    return problemResponse(
      c,
      new AppError('invalid', 'The request is not valid.', { errors: fieldErrors(err) }),
    );
  }
  if (err instanceof HTTPException) return problemResponse(c, fromHttpException(err));
  const outage = databaseUnavailableReason(err);
  if (outage) {
    // An outage, not a bug: the client retries; the log says so without the query or its values.
    c.get('log')?.warn({ requestId: c.get('requestId'), reason: outage }, 'database unavailable');
    return problemResponse(c, databaseUnavailable());
  }
  c.get('log')?.error({ err, requestId: c.get('requestId') }, 'unhandled error');
  return problemResponse(c, new AppError('internal', 'Something went wrong on our side.'));
}
