import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type DeliveryStatus, messageRecipients } from '../../db/schema/message-recipients';
import { messageSms, type SmsStatus } from '../../db/schema/message-sms';
import { type MessageStatus, messages } from '../../db/schema/messages';
import { type OutboxRow, outbox } from '../../db/schema/outbox';

// The delivery worker's database side. Rows are claimed in a short transaction with FOR UPDATE SKIP
// LOCKED and leased by pushing `next_attempt_at` out, so the transaction is not held open while we
// talk to the relay (PGlite has a single connection), other instances skip the row meanwhile, and a
// crash mid-attempt only makes the row due again after the lease.

export async function claimDue(
  db: Database,
  options: { now: Date; leaseMs: number; limit: number; ids?: string[] },
): Promise<OutboxRow[]> {
  if (options.limit <= 0 || options.ids?.length === 0) return [];
  return db.transaction(async (tx) => {
    // Named rows are a new message's, reserved for its first attempt by the request that made them.
    const which = options.ids
      ? and(eq(outbox.attempts, 0), inArray(outbox.id, options.ids))
      : lte(outbox.nextAttemptAt, options.now);
    const rows = await tx
      .select()
      .from(outbox)
      .where(which)
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(options.limit)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return [];
    const leasedUntil = new Date(options.now.getTime() + options.leaseMs);
    await tx
      .update(outbox)
      .set({ nextAttemptAt: leasedUntil, attempts: sql`${outbox.attempts} + 1`, updatedAt: options.now })
      .where(
        inArray(
          outbox.id,
          rows.map((r) => r.id),
        ),
      );
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1, nextAttemptAt: leasedUntil }));
  });
}

/** The earliest due time of any row, to sleep until then. */
export async function nextDue(db: Database): Promise<Date | undefined> {
  const [row] = await db.select({ at: sql<Date | string | null>`min(${outbox.nextAttemptAt})` }).from(outbox);
  return row?.at ? new Date(row.at) : undefined;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface RecipientResult {
  address: string;
  status: Exclude<DeliveryStatus, 'queued'>;
  error?: string;
  /** The relay's reply for this recipient, accepted or refused. */
  reply?: string;
}

/** Message status from its parts: queued while any is queued, then failed if any failed, else sent. */
export function overallStatus(parts: ReadonlyArray<DeliveryStatus | SmsStatus>): MessageStatus {
  if (parts.some((p) => p === 'queued')) return 'queued';
  return parts.some((p) => p === 'failed') ? 'failed' : 'sent';
}

/**
 * Taken first in every transaction that records an attempt: the mail and the SMS of one message are
 * recorded concurrently, and without this lock each (READ COMMITTED) would compute the message
 * status without seeing the other's update, leaving it `queued` for good.
 */
async function lockMessage(tx: Tx, messageId: string): Promise<void> {
  await tx.select({ id: messages.id }).from(messages).where(eq(messages.id, messageId)).for('update');
}

async function refreshMessage(tx: Tx, messageId: string, now: Date): Promise<void> {
  const rcpts = await tx
    .select({ status: messageRecipients.status })
    .from(messageRecipients)
    .where(eq(messageRecipients.messageId, messageId));
  const sms = await tx
    .select({ status: messageSms.status })
    .from(messageSms)
    .where(eq(messageSms.messageId, messageId));
  const status = overallStatus([...rcpts, ...sms].map((r) => r.status));
  await tx
    .update(messages)
    .set({ status, updatedAt: now, ...(status === 'sent' ? { sentAt: now } : {}) })
    .where(eq(messages.id, messageId));
}

/**
 * Records what became of a mail attempt. `remaining` are the recipients still to try: with none
 * left the row (and the sealed bytes in it) is deleted, else it is due again at `retryAt`.
 */
export async function recordMail(
  db: Database,
  row: OutboxRow,
  result: { done: RecipientResult[]; remaining: string[]; retryAt: Date; lastError?: string; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockMessage(tx, row.messageId);
    const rcpts = await tx
      .select({ id: messageRecipients.id, address: messageRecipients.address })
      .from(messageRecipients)
      .where(eq(messageRecipients.messageId, row.messageId));
    // A receipt's recipient is the sender, whose status as a recipient (if any) is the sealed mail's.
    for (const d of row.kind === 'mail' ? result.done : []) {
      const ids = rcpts.filter((r) => r.address.toLowerCase() === d.address.toLowerCase()).map((r) => r.id);
      if (ids.length === 0) continue;
      await tx
        .update(messageRecipients)
        .set({ status: d.status, error: d.error ?? null, reply: d.reply ?? null, updatedAt: result.now })
        .where(inArray(messageRecipients.id, ids));
    }
    if (result.remaining.length === 0) {
      await tx.delete(outbox).where(eq(outbox.id, row.id));
    } else {
      const from = row.envelope?.from ?? '';
      await tx
        .update(outbox)
        .set({
          envelope: { from, to: result.remaining },
          nextAttemptAt: result.retryAt,
          lastError: result.lastError ?? null,
          updatedAt: result.now,
        })
        .where(eq(outbox.id, row.id));
    }
    await refreshMessage(tx, row.messageId, result.now);
  });
}

/** Records what became of an SMS attempt: final (sent/failed, row deleted) or again at `retryAt`. */
export async function recordSms(
  db: Database,
  row: OutboxRow,
  result:
    | { status: 'sent'; providerRef: string; now: Date }
    | { status: 'failed'; error: string; now: Date }
    | { status: 'retry'; error: string; retryAt: Date; now: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    if (result.status !== 'retry') await lockMessage(tx, row.messageId);
    if (result.status === 'retry') {
      await tx
        .update(outbox)
        .set({ nextAttemptAt: result.retryAt, lastError: result.error, updatedAt: result.now })
        .where(eq(outbox.id, row.id));
      return;
    }
    if (row.smsId) {
      await tx
        .update(messageSms)
        .set(
          result.status === 'sent'
            ? { status: 'sent', providerRef: result.providerRef, error: null, updatedAt: result.now }
            : { status: 'failed', error: result.error, updatedAt: result.now },
        )
        .where(eq(messageSms.id, row.smsId));
    }
    await tx.delete(outbox).where(eq(outbox.id, row.id));
    await refreshMessage(tx, row.messageId, result.now);
  });
}
