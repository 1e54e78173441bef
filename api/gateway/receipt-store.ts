import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { AppError } from '../errors';

// The receipt mail's per-account switch (accounts.receipt_mails, default on; shown in GET
// /v1/account, changed by PATCH /v1/account). The receipt itself is an outbox job
// (Messaging.queueReceipt).

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
