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
}

const minutes = (f: ErrorFacts): number => Math.max(1, Math.ceil((f.retryAfterSeconds ?? 15 * 60) / 60));

/**
 * Error codes of the accounts and messages modules (AppError `code`) → SMTP reply. Codes not in the
 * table are unexpected failures: 451, the client keeps the message and tries again later.
 */
const table: Record<string, ReplyRule> = {
  // login
  unauthorized: { code: 535, text: () => '5.7.8 Authentication credentials invalid' },
  invalid_credentials: { code: 535, text: () => '5.7.8 Authentication credentials invalid' },
  // A lock is temporary by definition, so the temporary auth failure of RFC 4954 §6 (454 4.7.0):
  // clients keep the message and retry instead of bouncing it.
  locked: {
    code: 454,
    text: (f) => `4.7.0 Too many failed logins, try again in ${minutes(f)} minutes`,
  },
  too_many_requests: {
    code: 454,
    text: (f) => `4.7.0 Too many failed logins, try again in ${minutes(f)} minutes`,
  },
  // send path
  plan_required: {
    code: 550,
    text: () => '5.7.1 SMS recipients (…@sms.local) need a paid plan; nothing was sent',
  },
  forbidden: { code: 550, text: (f) => `5.7.1 ${f.message}` },
  payload_too_large: { code: 552, text: () => '5.3.4 Message too big for this service' },
  too_large: { code: 552, text: () => '5.3.4 Message too big for this service' },
  invalid_input: { code: 550, text: (f) => `5.6.0 ${f.message}` },
  validation_failed: { code: 550, text: (f) => `5.6.0 ${f.message}` },
  bad_request: { code: 550, text: (f) => `5.6.0 ${f.message}` },
  no_recipients: { code: 554, text: () => '5.5.1 No valid recipients' },
  invalid_recipient: { code: 553, text: (f) => `5.1.3 ${f.message}` },
};

const temporaryFailure: ReplyRule = {
  code: 451,
  text: () => '4.3.0 Temporary failure, message not accepted; please try again later',
};

function facts(err: unknown): { code: string | undefined; facts: ErrorFacts } {
  if (typeof err !== 'object' || err === null) {
    return { code: undefined, facts: { message: String(err), retryAfterSeconds: undefined } };
  }
  const record = err as Record<string, unknown>;
  const code = typeof record.code === 'string' ? record.code : undefined;
  const retry = [record.retryAfterSeconds, record.retryAfter].find((v) => typeof v === 'number');
  const message = typeof record.message === 'string' ? record.message : '';
  return { code, facts: { message, retryAfterSeconds: typeof retry === 'number' ? retry : undefined } };
}

/**
 * The reply for a failure of `authenticate` or `submit`. `temporary` says whether it was an
 * unexpected one (to be logged as an error by the caller).
 */
export function replyFor(err: unknown): { reply: SmtpReply; expected: boolean } {
  if (err instanceof SmtpReply) return { reply: err, expected: true };
  const { code, facts: f } = facts(err);
  const rule = code === undefined ? undefined : table[code];
  const chosen = rule ?? temporaryFailure;
  return { reply: new SmtpReply(chosen.code, chosen.text(f)), expected: rule !== undefined };
}
