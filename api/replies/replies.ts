import { timingSafeEqual } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import addressparser from 'nodemailer/lib/addressparser';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { messageRecipients } from '../../db/schema/message-recipients';
import { type MessageRow, messages } from '../../db/schema/messages';
import { format } from '../../ui/core/i18n';
import type { DeliveryWorker } from '../delivery/worker';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { passwordContext, queueMessage, subjectContext } from '../messages/queue';
import { isMessageId } from '../messages/views';
import { waitAtMost } from '../messages/wait';
import type { Outbox } from '../outbox/outbox';
import { SealInputError } from '../seal/index';
import type { Language } from '../seal/types';
import type { Sealer } from '../seal-pool/index';
import type { SecretBox } from '../secrets/secret-box';
import { replyProofBytes } from './proof';
import { replyReference } from './reference';
import type { ReplyRequestBody, ReplySent } from './schemas';

// A recipient answers a sealed message from the /open page (issue 18). No account: the proof of the
// message's password (api/replies/proof.ts) is the only credential. The reply goes to the original
// sender's account address only, sealed with that same password, and is stored as a message of the
// sender's account linked to the original (messages.reply_to), so their history shows it.

export const REPLIES_PER_MESSAGE = 10;

export interface ReplyDeps {
  db: Database;
  secrets: SecretBox;
  outbox: Outbox;
  worker: Pick<DeliveryWorker, 'deliverNow'>;
  /** Seals off the event loop (api/seal-pool), as sending does. */
  sealer: Sealer;
  log: Logger;
  now: () => Date;
  mailFrom: string;
  publicUrl: string;
  maxAttachmentBytes: number;
  /** Default REPLIES_PER_MESSAGE. */
  repliesPerMessage?: number;
  /** How long the request waits for the first delivery attempt before answering `queued`. */
  firstAttemptWaitMs?: number;
}

const GONE =
  'This message cannot be answered any more: it, or the account that sent it, has been deleted. Nothing was sent.';

function refuseProof(): never {
  throw new AppError('forbidden', 'The reply does not prove the password of this message. Nothing was sent.');
}

function envelopeAddress(mailFrom: string): string {
  const [first] = addressparser(mailFrom);
  return first && 'address' in first && first.address ? first.address : 'noreply@localhost';
}

async function findOriginal(db: Database, id: string) {
  // Not an id this service gives out: nothing to ask the database.
  if (!isMessageId(id)) throw new AppError('not_found', GONE);
  const [row] = await db
    .select({ message: messages, email: accounts.email, suspendedAt: accounts.suspendedAt })
    .from(messages)
    .innerJoin(accounts, eq(accounts.id, messages.accountId))
    .where(eq(messages.id, id));
  if (!row) throw new AppError('not_found', GONE);
  // Nothing is sent for a suspended account (CONTRACT.md), replies to it included.
  if (row.suspendedAt) {
    throw new AppError('suspended', 'The sender cannot receive replies at the moment. Nothing was sent.');
  }
  // A reply is answered by its reader in their own mail program, not through the page.
  if (row.message.replyTo) throw new AppError('forbidden', 'A reply cannot itself be answered here.');
  return row;
}

async function checkProof(password: string, messageId: string, body: ReplyRequestBody) {
  const given = Buffer.from(body.proof, 'base64url');
  const expected = await replyProofBytes(password, {
    messageId,
    // Bound as the page sent it: left out (one recipient) it is empty.
    from: body.from ?? '',
    text: body.text,
    attachments: body.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content, 'base64'),
    })),
  });
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) refuseProof();
}

/** Who answers: the address given, if it is one of the message's recipients, or its only recipient. */
async function replyFrom(db: Database, messageId: string, asked: string | undefined): Promise<string> {
  const rows = await db
    .select({ address: messageRecipients.address })
    .from(messageRecipients)
    .where(eq(messageRecipients.messageId, messageId))
    .orderBy(messageRecipients.position);
  if (asked) {
    const found = rows.find((r) => r.address.toLowerCase() === asked.toLowerCase());
    if (!found) {
      const detail = 'This address is not one of the recipients of the message.';
      throw new AppError('invalid', detail, { errors: [{ path: 'from', message: detail }] });
    }
    return found.address;
  }
  const [only, ...more] = rows;
  if (!only || more.length > 0) {
    const detail = 'The message went to several recipients: say which of them replies.';
    throw new AppError('invalid', detail, { errors: [{ path: 'from', message: detail }] });
  }
  return only.address;
}

async function countReplies(db: Pick<Database, 'select'>, messageId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(messages).where(eq(messages.replyTo, messageId));
  return row?.n ?? 0;
}

function limitReached(limit: number): AppError {
  return new AppError(
    'quota',
    `This message has had the ${limit} replies it takes; no more can be sent. Nothing was sent.`,
  );
}

function replySubject(original: string, language: Language): string {
  return original.trim()
    ? format(language, 'replyCover', 'replySubject', { subject: original })
    : format(language, 'replyCover', 'replySubjectNone');
}

async function sealReply(
  deps: ReplyDeps,
  original: MessageRow,
  senderEmail: string,
  body: ReplyRequestBody,
  from: string,
  password: string,
) {
  const language = original.language;
  const subject = deps.secrets.decrypt(original.subjectEnc, subjectContext(original.id));
  try {
    return await deps.sealer.seal(
      {
        draft: {
          from: { address: from },
          to: [senderEmail],
          subject: replySubject(subject, language),
          text: body.text,
          attachments: body.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content, 'base64'),
          })),
          date: deps.now(),
        },
      },
      {
        zip: original.zipMethod ?? 'aes256',
        language,
        password,
        mailFrom: deps.mailFrom,
        sender: { address: from },
        to: [senderEmail],
        cc: [],
        publicUrl: deps.publicUrl,
        reply: {
          from,
          reference: replyReference(original.id, original.createdAt, language),
          inReplyTo: original.sealedMessageId,
        },
        now: deps.now(),
      },
    );
  } catch (err) {
    if (err instanceof SealInputError) throw new AppError('invalid', err.message);
    throw err;
  }
}

export async function sendReply(
  deps: ReplyDeps,
  messageId: string,
  body: ReplyRequestBody,
): Promise<ReplySent> {
  const limit = deps.repliesPerMessage ?? REPLIES_PER_MESSAGE;
  const { message: original, email: senderEmail } = await findOriginal(deps.db, messageId);
  const password = deps.secrets.decrypt(original.passwordEnc, passwordContext(original.id));
  const from = await replyFrom(deps.db, original.id, body.from);
  await checkProof(password, original.id, body);
  if (body.text.trim() === '' && body.attachments.length === 0) {
    const detail = 'The reply is empty: write a text or attach a file.';
    throw new AppError('invalid', detail, { errors: [{ path: 'text', message: detail }] });
  }
  const total = body.attachments.reduce((n, a) => n + Buffer.byteLength(a.content, 'base64'), 0);
  if (total > deps.maxAttachmentBytes) {
    throw new AppError(
      'payload_too_large',
      `The attachments add up to ${total} bytes; at most ${deps.maxAttachmentBytes} are accepted.`,
    );
  }
  // Checked before sealing to spare the work; checked again under the row lock below, which holds.
  if ((await countReplies(deps.db, original.id)) >= limit) throw limitReached(limit);

  const sealed = await sealReply(deps, original, senderEmail, body, from, password);
  const now = deps.now();
  const queued = await queueMessage(deps.db, deps.secrets, deps.outbox, {
    messageId: newId('msg'),
    accountId: original.accountId,
    senderName: from,
    source: 'reply',
    replyTo: original.id,
    sealed,
    language: original.language,
    zip: original.zipMethod ?? 'aes256',
    recipients: [{ address: senderEmail, kind: 'to' }],
    phones: [],
    envelopeFrom: envelopeAddress(deps.mailFrom),
    now,
    // Parallel replies to one message queue behind this lock, so the count cannot be overrun.
    async guard(tx) {
      const [locked] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(eq(messages.id, original.id))
        .for('update');
      if (!locked) throw new AppError('not_found', GONE);
      if ((await countReplies(tx, original.id)) >= limit) throw limitReached(limit);
    },
  });
  const replies = await countReplies(deps.db, original.id);
  deps.log.info(
    { messageId: queued.messageId, replyTo: original.id, accountId: original.accountId },
    'reply stored',
  );
  const first = deps.worker.deliverNow(queued.outboxIds).catch((err: unknown) => {
    deps.log.error({ err, messageId: queued.messageId }, 'first delivery attempt of a reply failed to run');
  });
  await waitAtMost(first, deps.firstAttemptWaitMs ?? 5_000);
  const [row] = await deps.db
    .select({ status: messages.status })
    .from(messages)
    .where(eq(messages.id, queued.messageId));
  return { status: row?.status ?? 'queued', repliesLeft: Math.max(0, limit - replies) };
}
