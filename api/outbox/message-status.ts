import { eq, sql } from 'drizzle-orm';
import type { DeliveryStatus } from '../../db/schema/message-recipients';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messageSms, type SmsStatus } from '../../db/schema/message-sms';
import { type MessageStatus, messages } from '../../db/schema/messages';
import type { Transaction } from './outbox';

// A message's status follows from its parts (each recipient's mail, each SMS). Whoever records a
// part (the delivery worker, Twilio's delivery reports) locks the message first and refreshes its
// status in the same transaction.

/** Message status from its parts: queued while any is queued, then failed if any failed, else sent. */
export function overallStatus(parts: ReadonlyArray<DeliveryStatus | SmsStatus>): MessageStatus {
  if (parts.some((p) => p === 'queued')) return 'queued';
  return parts.some((p) => p === 'failed') ? 'failed' : 'sent';
}

/**
 * Taken first in every transaction that records a part: the mail and the SMS of one message are
 * recorded concurrently, and without this lock each (READ COMMITTED) would compute the message
 * status without seeing the other's update, leaving it `queued` for good.
 */
export async function lockMessage(tx: Transaction, messageId: string): Promise<void> {
  await tx.select({ id: messages.id }).from(messages).where(eq(messages.id, messageId)).for('update');
}

/**
 * The message's status from its parts, in ONE statement: overallStatus's rule in SQL, over the same
 * parts (an SMS sent again counts by its latest attempt, api/messages/resend.ts).
 */
export async function refreshMessage(tx: Transaction, messageId: string, now: Date): Promise<void> {
  const parts = sql`(select ${messageRecipients.status} as status from ${messageRecipients}
      where ${messageRecipients.messageId} = ${messageId}
    union all select ${messageSms.status} from ${messageSms}
      where ${messageSms.messageId} = ${messageId} and ${messageSms.replacedBy} is null)`;
  const status = sql<MessageStatus>`(select case
      when bool_or(p.status = 'queued') then 'queued'
      when bool_or(p.status = 'failed') then 'failed'
      else 'sent' end from ${parts} p)`;
  await tx
    .update(messages)
    .set({
      status,
      updatedAt: now,
      sentAt: sql`case when ${status} = 'sent' then ${now.toISOString()}::timestamptz else ${messages.sentAt} end`,
    })
    .where(eq(messages.id, messageId));
}
