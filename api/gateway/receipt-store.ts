import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { outbox } from '../../db/schema/outbox';
import { AppError } from '../errors';
import type { ReceiptMail } from './receipt';

// What the receipt mail keeps in the database: the per-account switch (accounts.receipt_mails,
// default on; shown in GET /v1/account, changed by PATCH /v1/account) and the queued receipt itself.

export async function receiptMailsEnabled(db: Database, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ on: accounts.receiptMails })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!row) throw new AppError('not_found', 'No such account.');
  return row.on;
}

export async function setReceiptMails(
  db: Database,
  accountId: string,
  on: boolean,
  now: Date,
): Promise<void> {
  const rows = await db
    .update(accounts)
    .set({ receiptMails: on, updatedAt: now })
    .where(eq(accounts.id, accountId))
    .returning({ id: accounts.id });
  if (rows.length === 0) throw new AppError('not_found', 'No such account.');
}

/**
 * The receipt goes out like every other mail: as a row in the outbox that the delivery worker takes
 * (relay or outbox folder, retries, survives a restart). It hangs on the sealed message's id, so
 * deleting the message (or the account) deletes an undelivered receipt with it. Its kind 'receipt'
 * keeps its delivery from setting any recipient's status (the sender may be a recipient too). Like a
 * new message's rows it is reserved for the first attempt (deliverNow) for 30 s; should the process
 * die first, the polling worker takes it after that.
 */
export async function queueReceipt(
  db: Database,
  input: { messageId: string; receipt: ReceiptMail; now: Date },
): Promise<string> {
  const id = newId('out');
  await db.insert(outbox).values({
    id,
    messageId: input.messageId,
    kind: 'receipt',
    sealed: input.receipt.raw,
    envelope: input.receipt.envelope,
    nextAttemptAt: new Date(input.now.getTime() + 30_000),
    createdAt: input.now,
    updatedAt: input.now,
  });
  return id;
}
