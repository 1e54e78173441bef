import { and, eq } from 'drizzle-orm';
import { newId } from '../../db/schema/columns';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messageResends } from '../../db/schema/message-resends';
import { messages } from '../../db/schema/messages';
import { sealedCopies } from '../../db/schema/sealed-copies';
import { AppError } from '../errors';
import { admitSend } from '../limits/quota';
import type { ResendDeps } from './resend';
import { SEALED_RETENTION_MS } from './retention';
import type { MessageView } from './schemas';
import type { Sender } from './send';
import { getMessage } from './views';
import { waitAtMost } from './wait';

// "Send again" for a whole sealed mail (issue 19): a recipient whose mail system removed the
// attachments asks the sender, who sends THE SAME sealed mail again from the history: the very bytes
// the relay got the first time (same ZIP, same PDF, same password, same Message-ID), to the same
// envelope recipients. Same bytes, so the proof of sending (messages.sealed_sha256) covers the
// resend as well, and the recipient needs no new password. The copy is kept for
// SEALED_RETENTION_MS after sending (swept by api/accounts/housekeeping.ts); after that the sender
// must send a new message.

export { SEALED_RETENTION_MS };

/** The same dependencies as the SMS resend (api/messages/resend.ts). */
export type ResendMailDeps = ResendDeps;

export async function resendMail(
  deps: ResendMailDeps,
  sender: Sender,
  messageId: string,
): Promise<MessageView> {
  const [m] = await deps.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.accountId, sender.id)));
  if (!m) throw new AppError('not_found', 'No such message.');
  const [copy] = await deps.db.select().from(sealedCopies).where(eq(sealedCopies.messageId, m.id));
  if (!copy || copy.expiresAt.getTime() <= deps.now().getTime()) {
    throw new AppError(
      'conflict',
      `The sealed mail is kept for ${SEALED_RETENTION_MS / (24 * 60 * 60_000)} days only and is gone now; please send a new message.`,
    );
  }
  const admission = await admitSend(deps.db, deps.limits, {
    accountId: sender.id,
    recipients: copy.envelopeTo.length,
    phones: 0,
    now: deps.now(),
  });
  let outboxIds: string[];
  try {
    const now = deps.now();
    outboxIds = await deps.db.transaction(async (tx) => {
      await tx.select({ id: messages.id }).from(messages).where(eq(messages.id, m.id)).for('update');
      await tx
        .update(messageRecipients)
        .set({ status: 'queued', error: null, reply: null, updatedAt: now })
        .where(eq(messageRecipients.messageId, m.id));
      await tx.update(messages).set({ status: 'queued', updatedAt: now }).where(eq(messages.id, m.id));
      // Counted against the daily message quota from now on (api/limits/quota.ts).
      await tx.insert(messageResends).values({ id: newId('rsd'), messageId: m.id, createdAt: now });
      return deps.outbox.enqueue(
        tx,
        [
          {
            kind: 'mail',
            messageId: m.id,
            sealed: copy.sealed,
            from: copy.envelopeFrom,
            to: copy.envelopeTo,
          },
        ],
        now,
      );
    });
  } finally {
    await admission.release();
  }
  deps.log.info({ messageId: m.id, recipients: copy.envelopeTo.length }, 'sealed mail sent again');
  const first = deps.worker.deliverNow(outboxIds).catch((err: unknown) => {
    deps.log.error({ err, messageId: m.id }, 'first attempt of a resent mail failed to run');
  });
  await waitAtMost(first, deps.firstAttemptWaitMs);
  const view = await getMessage(deps.db, deps.secrets, sender.id, m.id);
  if (!view) throw new AppError('not_found', 'No such message.');
  return view;
}
