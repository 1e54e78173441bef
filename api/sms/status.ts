import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { messageRecipients } from '../../db/schema/message-recipients';
import { type MessageSmsRow, messageSms, type SmsStatus } from '../../db/schema/message-sms';
import { messages } from '../../db/schema/messages';
import { format } from '../../ui/core/i18n';
import { overallStatus } from '../outbox/message-status';
import type { Language } from '../seal/types';

// What became of a password SMS after Twilio took it: Twilio posts a delivery report per status
// change to the StatusCallback URL (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
// Reports may come twice and out of order, so a status only ever moves forward: queued → sent →
// delivered or failed; both of the last are final. The route (api/http/routes/webhooks.ts) checks
// the signature; this module only applies a report that is known to come from Twilio.

export const TWILIO_STATUS_PATH = '/v1/webhooks/twilio/status';

export function twilioStatusCallbackUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${TWILIO_STATUS_PATH}`;
}

export interface TwilioReport {
  /** MessageSid (SM…). */
  sid: string;
  /** MessageStatus: accepted, scheduled, queued, sending, sent, delivered, undelivered, failed, read, canceled. */
  status: string;
  /** ErrorCode, for undelivered and failed (e.g. 30003). */
  errorCode: number | undefined;
}

const RANK: Record<SmsStatus, number> = { queued: 0, sent: 1, delivered: 2, failed: 2 };

/** Our status for one of Twilio's; undefined for those that say nothing new (queued, sending…). */
function fromTwilio(status: string): SmsStatus | undefined {
  switch (status) {
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

export function isFinalSms(status: SmsStatus): boolean {
  return RANK[status] === 2;
}

export type ReportOutcome = 'updated' | 'unchanged' | 'unknown';

/** Applies one verified delivery report; idempotent, never moves a status backwards. */
export async function applyTwilioReport(
  db: Database,
  report: TwilioReport,
  now: Date,
): Promise<ReportOutcome> {
  const target = fromTwilio(report.status);
  const [found] = await db
    .select({ id: messageSms.id, messageId: messageSms.messageId })
    .from(messageSms)
    .where(eq(messageSms.providerRef, report.sid));
  if (!found) return 'unknown';
  if (!target) return 'unchanged';
  return db.transaction(async (tx) => {
    // The same lock the delivery worker takes before it records an attempt (api/outbox/message-status.ts), so
    // the message status is computed from what both wrote.
    const [message] = await tx
      .select({ status: messages.status, sentAt: messages.sentAt })
      .from(messages)
      .where(eq(messages.id, found.messageId))
      .for('update');
    const [sms] = await tx.select().from(messageSms).where(eq(messageSms.id, found.id));
    if (!message || !sms || sms.providerRef !== report.sid || RANK[target] <= RANK[sms.status]) {
      return 'unchanged';
    }
    const failed = target === 'failed';
    await tx
      .update(messageSms)
      .set({
        status: target,
        errorCode: failed ? (report.errorCode ?? null) : null,
        error: failed
          ? `Twilio ${report.status}${report.errorCode ? ` (error ${report.errorCode})` : ''}`
          : null,
        updatedAt: now,
      })
      .where(and(eq(messageSms.id, sms.id), eq(messageSms.providerRef, report.sid)));
    const parts = [
      ...(await tx
        .select({ status: messageRecipients.status })
        .from(messageRecipients)
        .where(eq(messageRecipients.messageId, found.messageId))),
      ...(await tx
        .select({ status: messageSms.status })
        .from(messageSms)
        .where(and(eq(messageSms.messageId, found.messageId), isNull(messageSms.replacedBy)))),
    ];
    const status = overallStatus(parts.map((p) => p.status));
    if (status !== message.status) {
      await tx.update(messages).set({ status, updatedAt: now }).where(eq(messages.id, found.messageId));
      if (status === 'sent') {
        await tx
          .update(messages)
          .set({ sentAt: now })
          .where(and(eq(messages.id, found.messageId), isNull(messages.sentAt)));
      }
    }
    return 'updated';
  });
}

// Why an SMS failed, in words a sender acts on. Twilio's codes:
// https://www.twilio.com/docs/api/errors (30003 unreachable handset, 30005 unknown handset, 30006
// landline or unreachable carrier, 30007 filtered, 30008 unknown; 21211 invalid number, 21614 not a
// mobile number, 21610 the recipient opted out).
export const smsReasons = [
  'unreachable',
  'unknown_number',
  'landline',
  'filtered',
  'blocked',
  'unknown',
  'not_sent',
] as const;
export type SmsReason = (typeof smsReasons)[number];

const REASON_BY_CODE: Record<number, SmsReason> = {
  30003: 'unreachable',
  30005: 'unknown_number',
  21211: 'unknown_number',
  30006: 'landline',
  21614: 'landline',
  30007: 'filtered',
  30004: 'blocked',
  21610: 'blocked',
  30008: 'unknown',
};

/** Twilio's error code of a failed SMS: stored from a report, or named in the API's refusal. */
export function smsErrorCode(row: Pick<MessageSmsRow, 'errorCode' | 'error'>): number | undefined {
  if (row.errorCode !== null) return row.errorCode;
  const m = /\(error (\d+)\)/.exec(row.error ?? '');
  return m?.[1] ? Number(m[1]) : undefined;
}

export function smsReason(row: Pick<MessageSmsRow, 'status' | 'errorCode' | 'error'>): SmsReason | null {
  if (row.status !== 'failed') return null;
  const code = smsErrorCode(row);
  return (code !== undefined ? REASON_BY_CODE[code] : undefined) ?? (code ? 'unknown' : 'not_sent');
}

/** What a reason means, in the words the portal and the add-ins show for it (catalog `client.smsReason_…`). */
export function smsReasonText(reason: SmsReason, language: Language): string {
  return format(language, 'client', `smsReason_${reason}`);
}
