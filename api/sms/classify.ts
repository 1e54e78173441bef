import type { DeliveryFailure } from '../delivery/classify';

// Twilio failures sorted like mail failures (STYLE.md). The HTTP status decides first: 429 (too
// many requests) and 5xx are temporary; 401/403 mean our credentials are wrong, which the operator
// fixes, not the message, so they are retried until max attempts. Other 4xx are permanent: the
// request itself is wrong, e.g. 21211 invalid 'To' number, 21610 recipient unsubscribed, 21614 not
// a mobile number (https://www.twilio.com/docs/api/errors). Without an HTTP status (network
// trouble) we retry.

const temporaryTwilioCodes = new Set([20429, 20500, 20503, 30001]);

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

export function classifyTwilioError(err: unknown): DeliveryFailure {
  const status = field(err, 'status');
  const code = field(err, 'code');
  const twilioCode = typeof code === 'number' ? code : undefined;
  if (typeof status === 'number' && status >= 400) {
    const reason = `Twilio HTTP ${status}${twilioCode ? ` (error ${twilioCode})` : ''}`;
    const temporary =
      status === 429 ||
      status >= 500 ||
      status === 401 ||
      status === 403 ||
      (twilioCode !== undefined && temporaryTwilioCodes.has(twilioCode));
    return { kind: temporary ? 'retryable' : 'permanent', responseCode: status, reason };
  }
  return {
    kind: 'retryable',
    responseCode: undefined,
    reason: typeof code === 'string' ? code : 'unknown error',
  };
}
