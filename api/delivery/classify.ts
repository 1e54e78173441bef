// Sorts a failed delivery into "try again later" or "give up" (STYLE.md "Delivery failures are
// classified"; emailengine lib/delivery-error.js). The SMTP reply code decides first: 4xx is a
// transient negative reply, 5xx a permanent one (RFC 5321 §4.2.1). Without a reply code, network
// trouble (refused, reset, timed out, DNS) is worth retrying; anything else we do not understand is
// retried too, so a bug or an unknown condition never silently drops a message before max attempts.

export type FailureKind = 'retryable' | 'permanent';

export interface DeliveryFailure {
  kind: FailureKind;
  /** The SMTP reply code, when the server gave one. */
  responseCode: number | undefined;
  /** Short cause for logs and the message status: never message content. */
  reason: string;
  /** The relay's reply as it gave it (e.g. `550 5.1.1 <a@b>: user unknown`), shown to the sender. */
  reply?: string;
}

const retryableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNECTION',
  'EDNS',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETLS',
  // Authentication at the relay: the operator's configuration, not the message, is at fault.
  'EAUTH',
  'ENOAUTH',
]);

const permanentCodes = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'EREQUIRETLS']);

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

function replyCode(err: unknown): number | undefined {
  const code = field(err, 'responseCode');
  if (typeof code === 'number' && code >= 200 && code < 600) return code;
  const response = field(err, 'response');
  if (typeof response === 'string') {
    const m = /^([245]\d\d)[\s-]/.exec(response);
    if (m?.[1]) return Number(m[1]);
  }
  return undefined;
}

function replyText(err: unknown): string | undefined {
  const response = field(err, 'response');
  return typeof response === 'string' && response.trim() !== '' ? response.trim().slice(0, 500) : undefined;
}

export function classifySmtpError(err: unknown): DeliveryFailure {
  const reply = replyText(err);
  const responseCode = replyCode(err);
  const code = field(err, 'code');
  const codeText = typeof code === 'string' ? code : undefined;
  if (responseCode !== undefined && responseCode >= 400) {
    return {
      kind: responseCode >= 500 ? 'permanent' : 'retryable',
      responseCode,
      reason: `SMTP ${responseCode}${codeText ? ` (${codeText})` : ''}`,
      ...(reply ? { reply } : {}),
    };
  }
  if (codeText && retryableCodes.has(codeText)) {
    return { kind: 'retryable', responseCode, reason: codeText };
  }
  if (codeText && permanentCodes.has(codeText)) {
    return { kind: 'permanent', responseCode, reason: codeText };
  }
  return { kind: 'retryable', responseCode, reason: codeText ?? 'unknown error' };
}
