import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { outbox } from '../../db/schema/outbox';
import type { ReceiptMail } from './receipt';

// The receipt goes out like every other mail: as a row in the outbox that the delivery worker
// takes (relay or outbox folder, retries, survives a restart). It hangs on the sealed message's id,
// so deleting the message (or the account) deletes an undelivered receipt with it. Its recipient
// (the sender) is normally no message recipient, so its delivery changes no recipient's status.
// Like a new message's rows it is reserved for the first attempt (deliverNow) for 30 s; should the
// process die first, the polling worker takes it after that.

export async function queueReceipt(
  db: Database,
  input: { messageId: string; receipt: ReceiptMail; now: Date },
): Promise<string> {
  const id = newId('out');
  await db.insert(outbox).values({
    id,
    messageId: input.messageId,
    kind: 'mail',
    sealed: input.receipt.raw,
    envelope: input.receipt.envelope,
    nextAttemptAt: new Date(input.now.getTime() + 30_000),
    createdAt: input.now,
    updatedAt: input.now,
  });
  return id;
}
