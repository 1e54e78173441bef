import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { messageSms } from '../../db/schema/message-sms';
import { messages } from '../../db/schema/messages';
import type { DeliveryWorker } from '../delivery/worker';
import { AppError } from '../errors';
import type { LimitsConfig } from '../limits/config';
import { admitSend } from '../limits/quota';
import type { Logger } from '../log';
import type { Outbox } from '../outbox/outbox';
import type { SecretBox } from '../secrets/secret-box';
import { smsText } from '../sms/text';
import { passwordContext } from './queue';
import type { MessageView } from './schemas';
import type { Sender } from './send';
import { getMessage } from './views';
import { waitAtMost } from './wait';

// "Send again" for a password SMS that did not arrive (a switched-off phone, a typo fixed on the
// carrier's side): the same password to the same phone, as a new SMS. It is a new row, so it counts
// against the SMS quota like any other (api/limits/quota.ts counts rows), and the old row points at
// it (`replacedBy`), so the views show one line per phone: the latest attempt.

export interface ResendDeps {
  db: Database;
  secrets: SecretBox;
  outbox: Outbox;
  worker: Pick<DeliveryWorker, 'deliverNow'>;
  limits: LimitsConfig;
  log: Logger;
  now: () => Date;
  /** How long the request waits for Twilio to take the SMS before answering `queued`. */
  firstAttemptWaitMs: number;
}

export async function resendSms(
  deps: ResendDeps,
  sender: Sender,
  messageId: string,
  smsId: string,
): Promise<MessageView> {
  const [m] = await deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.accountId, sender.id)));
  const [old] = m
    ? await deps.db
        .select()
        .from(messageSms)
        .where(and(eq(messageSms.id, smsId), eq(messageSms.messageId, m.id), isNull(messageSms.replacedBy)))
    : [];
  if (!m || !old)
    throw new AppError('not_found', 'No such SMS of yours (it may have been sent again already).');
  if (old.status === 'queued') {
    throw new AppError('conflict', 'This SMS is still being sent; wait for its status first.');
  }
  if (sender.plan === 'free') {
    throw new AppError('forbidden', 'Sending the password by SMS needs a paid plan; nothing was sent.');
  }
  const admission = await admitSend(deps.db, deps.limits, {
    accountId: sender.id,
    recipients: 0,
    phones: 1,
    // The same message's SMS again: it takes a place in the SMS quota, not in the messages one.
    messages: 0,
    now: deps.now(),
  });
  const id = newId('sms');
  let outboxIds: string[];
  try {
    const password = deps.secrets.decrypt(m.passwordEnc, passwordContext(m.id));
    const senderName = sender.name?.trim() || sender.email;
    const body = smsText({ senderName, password, language: m.language });
    const now = deps.now();
    outboxIds = await deps.db.transaction(async (tx) => {
      await tx.select({ id: messages.id }).from(messages).where(eq(messages.id, m.id)).for('update');
      const taken = await tx
        .update(messageSms)
        .set({ replacedBy: id, updatedAt: now })
        .where(and(eq(messageSms.id, old.id), isNull(messageSms.replacedBy)))
        .returning({ id: messageSms.id });
      if (taken.length === 0) throw new AppError('conflict', 'This SMS was just sent again.');
      await tx.insert(messageSms).values({
        id,
        messageId: m.id,
        phone: old.phone,
        position: old.position,
        createdAt: now,
        updatedAt: now,
      });
      await tx.update(messages).set({ status: 'queued', updatedAt: now }).where(eq(messages.id, m.id));
      return deps.outbox.enqueue(
        tx,
        [{ kind: 'sms', messageId: m.id, smsId: id, to: old.phone, bodyEnc: deps.secrets.encrypt(body, id) }],
        now,
      );
    });
  } finally {
    await admission.release();
  }
  deps.log.info({ messageId: m.id, smsId: id, replaces: old.id }, 'sms sent again');
  const first = deps.worker.deliverNow(outboxIds).catch((err: unknown) => {
    deps.log.error({ err, messageId: m.id }, 'first attempt of a resent SMS failed to run');
  });
  await waitAtMost(first, deps.firstAttemptWaitMs);
  const view = await getMessage(deps.db, deps.secrets, sender.id, m.id);
  if (!view) throw new AppError('not_found', 'No such message.');
  return view;
}
