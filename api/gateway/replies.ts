import { AppError, type ErrorCode, isClientError } from '../errors';

// The gateway only translates: every failure of login or of the send path becomes one SMTP reply,
// chosen here from one table (STYLE.md "Errors"). Reply codes: RFC 5321 §4.2; enhanced status
// codes: RFC 3463, RFC 4954 §6 (AUTH), RFC 7372. smtp-server's own enhanced codes are switched off,
// so each text below starts with the enhanced code we mean, e.g. "550 5.7.1 …".

/** An error carrying the reply smtp-server writes to the client (`responseCode` is its contract). */
export class SmtpReply extends Error {
  override name = 'SmtpReply';
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface ReplyRule {
  code: number;
  text: (detail: ErrorFacts) => string;
}

interface ErrorFacts {
  message: string;
  retryAfterSeconds: number | undefined;
  /** Field errors of invalid input, as `path: message`. */
  details: string[];
}

const minutes = (f: ErrorFacts): number => Math.max(1, Math.ceil((f.retryAfterSeconds ?? 15 * 60) / 60));

/**
 * AppError codes (api/errors.ts) of login and send path → SMTP reply. Any other client error
 * (a code that blames the request) is refused for good with 550 5.0.0 and its detail; everything else
 * is unexpected: 451, and the client keeps the message and tries again later.
 */
const table: Partial<Record<ErrorCode, ReplyRule>> = {
  unauthorized: { code: 535, text: () => '5.7.8 Authentication credentials invalid' },
  // A lock is temporary by definition, so the temporary auth failure of RFC 4954 §6 (454 4.7.0):
  // clients keep the message and retry instead of bouncing it.
  locked: {
    code: 454,
    text: (f) => `4.7.0 Too many failed logins, try again in ${minutes(f)} minutes`,
  },
  rate_limited: { code: 451, text: (f) => `4.7.0 ${f.message}` },
  // e.g. a free plan naming an …@sms.local recipient
  forbidden: { code: 550, text: (f) => `5.7.1 ${f.message}` },
  // The address is not proven yet, or the operator suspended the account: refused for good (the
  // client bounces the message to the user, whose mail program shows why), nothing is sent.
  unverified: { code: 550, text: (f) => `5.7.1 ${f.message}` },
  suspended: { code: 550, text: (f) => `5.7.1 ${f.message}` },
  // A daily quota: temporary by nature, so the client keeps the message and tries again later.
  quota: { code: 451, text: (f) => `4.7.1 ${f.message}` },
  payload_too_large: { code: 552, text: () => '5.3.4 Message too big for this service' },
  // e.g. an …@sms.local recipient that is no phone number: the field errors name it
  invalid: { code: 550, text: (f) => `5.6.0 ${[f.message, ...f.details].join(' ')}` },
  bad_request: { code: 550, text: (f) => `5.6.0 ${f.message}` },
  unavailable: { code: 451, text: () => '4.3.0 Service temporarily unavailable, please try again later' },
};

const noFacts: ErrorFacts = { message: '', retryAfterSeconds: undefined, details: [] };

const clientError: ReplyRule = { code: 550, text: (f) => `5.0.0 ${f.message}` };

const temporaryFailure: ReplyRule = {
  code: 451,
  text: () => '4.3.0 Temporary failure, message not accepted; please try again later',
};

/**
 * The reply for a failure of `authenticate` or `submit`; `expected` is false for an unexpected one
 * (the caller logs it as an error).
 */
export function replyFor(err: unknown): { reply: SmtpReply; expected: boolean } {
  if (err instanceof SmtpReply) return { reply: err, expected: true };
  if (err instanceof AppError) {
    const rule = table[err.code] ?? (isClientError(err.code) ? clientError : undefined);
    if (rule) {
      const details = (err.errors ?? []).map((e) => `${e.path}: ${e.message}`);
      const text = rule.text({ message: err.message, retryAfterSeconds: err.retryAfter, details });
      return { reply: new SmtpReply(rule.code, text), expected: true };
    }
  }
  return { reply: new SmtpReply(temporaryFailure.code, temporaryFailure.text(noFacts)), expected: false };
}
