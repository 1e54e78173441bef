import { createRoute, z } from '@hono/zod-openapi';
import twilio from 'twilio';
import { applyTwilioReport, TWILIO_STATUS_PATH, twilioStatusCallbackUrl } from '../../sms/status';
import type { AppDeps } from '../env';
import { AppError } from '../errors';
import { createRouter } from '../router';
import { problem } from './schemas';

// POST /v1/webhooks/twilio/status: Twilio's delivery reports for the password SMS. Twilio posts
// application/x-www-form-urlencoded and signs each request with X-Twilio-Signature (HMAC-SHA1 of
// the URL it called plus the sorted form fields, keyed with the auth token:
// https://www.twilio.com/docs/usage/webhooks/webhooks-security); the official client checks it. The
// URL is the one we gave as StatusCallback, under PUBLIC_URL, so it holds behind a TLS proxy too.

const status = createRoute({
  method: 'post',
  path: TWILIO_STATUS_PATH.replace(/^\/v1/, ''),
  summary: "Twilio's delivery report for a password SMS (signed by Twilio)",
  description:
    'Form fields MessageSid, MessageStatus, ErrorCode. Only with Twilio configured; a report for an ' +
    'SMS we do not know is taken and ignored.',
  request: { headers: z.object({ 'x-twilio-signature': z.string().max(200).optional() }) },
  responses: {
    204: { description: 'Taken (applied, already known, or about no SMS of ours)' },
    400: problem('Signed, but not a delivery report'),
    403: problem('Missing or wrong X-Twilio-Signature: nothing changed'),
    404: problem('Twilio is not configured'),
  },
});

type FormValue = string | string[];

/** The form fields as Twilio's validator expects them: repeated fields as arrays, no files. */
function formFields(body: Record<string, unknown>): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

function single(value: FormValue | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function webhookRoutes(deps: AppDeps) {
  return createRouter().openapi(status, async (c) => {
    const config = deps.config.twilio;
    if (!config) throw new AppError('not_found', 'Twilio is not configured here.');
    const type = c.req.header('content-type') ?? '';
    const form = /^application\/x-www-form-urlencoded\b/i.test(type)
      ? formFields(await c.req.parseBody({ all: true }))
      : {};
    const signature = c.req.valid('header')['x-twilio-signature'] ?? '';
    const url = twilioStatusCallbackUrl(deps.config.publicUrl);
    if (!signature || !twilio.validateRequest(config.authToken, signature, url, form)) {
      throw new AppError('forbidden', 'The X-Twilio-Signature does not match this request.');
    }
    const sid = single(form.MessageSid);
    const messageStatus = single(form.MessageStatus ?? form.SmsStatus);
    const code = Number(single(form.ErrorCode));
    if (!/^[A-Z]{2}[0-9a-f]{32}$/i.test(sid) || !/^[a-z_]{1,30}$/.test(messageStatus)) {
      throw new AppError('invalid', 'A delivery report needs MessageSid and MessageStatus.');
    }
    const outcome = await applyTwilioReport(
      deps.db,
      { sid, status: messageStatus, errorCode: Number.isInteger(code) && code > 0 ? code : undefined },
      deps.now(),
    );
    c.get('log').info({ sid, status: messageStatus, outcome }, 'twilio delivery report');
    return c.body(null, 204);
  });
}
