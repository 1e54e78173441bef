import { and, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type MessageRecipientRow, messageRecipients } from '../../db/schema/message-recipients';
import { type MessageSmsRow, messageSms } from '../../db/schema/message-sms';
import { type MessageRow, messages } from '../../db/schema/messages';
import type { SecretBox } from '../secrets/secret-box';
import { smsErrorCode, smsReason } from '../sms/status';
import { passwordContext, subjectContext } from './queue';
import type { MessageView, SentView } from './schemas';

// A sender's own messages as the API shows them: password and subject decrypted, with the
// delivery status of each recipient and phone. Newest first, paged by an opaque cursor.

/** What the relay answered for a recipient, or why it failed. */
function recipientReply(r: Pick<MessageRecipientRow, 'status' | 'reply' | 'error'>): string | null {
  return r.reply ?? (r.status === 'failed' ? r.error : null);
}

function smsView(s: MessageSmsRow): MessageView['sms'][number] {
  return {
    id: s.id,
    phone: s.phone,
    status: s.status,
    reason: smsReason(s),
    errorCode: s.status === 'failed' ? (smsErrorCode(s) ?? null) : null,
    updatedAt: s.updatedAt.toISOString(),
  };
}

async function assemble(db: Database, secrets: SecretBox, rows: MessageRow[]): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const rcpts = await db
    .select()
    .from(messageRecipients)
    .where(inArray(messageRecipients.messageId, ids))
    .orderBy(messageRecipients.position);
  const sms = await db
    .select()
    .from(messageSms)
    .where(inArray(messageSms.messageId, ids))
    .orderBy(messageSms.position);
  // Replies from /open (api/replies) to these messages, so the history links each to its original.
  const replies = await db
    .select({ id: messages.id, replyTo: messages.replyTo })
    .from(messages)
    .where(inArray(messages.replyTo, ids))
    .orderBy(messages.createdAt, messages.id);
  return rows.map((m) => ({
    id: m.id,
    createdAt: m.createdAt.toISOString(),
    subject: secrets.decrypt(m.subjectEnc, subjectContext(m.id)),
    password: secrets.decrypt(m.passwordEnc, passwordContext(m.id)),
    status: m.status,
    recipients: rcpts
      .filter((r) => r.messageId === m.id)
      .map((r) => ({
        kind: r.kind,
        address: r.address,
        status: r.status,
        reply: recipientReply(r),
        updatedAt: r.updatedAt.toISOString(),
      })),
    // A phone's SMS sent again shows as its latest attempt only.
    sms: sms.filter((s) => s.messageId === m.id && s.replacedBy === null).map(smsView),
    replyTo: m.replyTo,
    replies: replies.filter((r) => r.replyTo === m.id).map((r) => r.id),
  }));
}

export async function getMessage(
  db: Database,
  secrets: SecretBox,
  accountId: string,
  id: string,
): Promise<MessageView | undefined> {
  // Not an id this service gives out (a NUL, another kind's prefix): nothing to ask the database.
  if (!isMessageId(id)) return undefined;
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.id, id), eq(messages.accountId, accountId)));
  return (await assemble(db, secrets, rows))[0];
}

/**
 * The answer of POST /v1/messages right after sending, read once the first attempt is over: the
 * statuses of the message and its recipients in one statement, its SMS in a second only if it has
 * any. Nothing else of the message is read: the caller knows its id and password.
 */
export async function sentState(
  db: Database,
  sent: { id: string; password: string; sms: boolean },
): Promise<SentView | undefined> {
  const rows = await db
    .select({
      status: messages.status,
      recipient: {
        address: messageRecipients.address,
        status: messageRecipients.status,
        reply: messageRecipients.reply,
        error: messageRecipients.error,
      },
    })
    .from(messages)
    .leftJoin(messageRecipients, eq(messageRecipients.messageId, messages.id))
    .where(eq(messages.id, sent.id))
    .orderBy(messageRecipients.position);
  const [first] = rows;
  if (!first) return undefined;
  const sms = sent.sms
    ? await db
        .select()
        .from(messageSms)
        .where(and(eq(messageSms.messageId, sent.id), isNull(messageSms.replacedBy)))
        .orderBy(messageSms.position)
    : [];
  return {
    id: sent.id,
    password: sent.password,
    status: first.status,
    recipients: rows.flatMap(({ recipient: r }) =>
      r ? [{ address: r.address, status: r.status, reply: recipientReply(r) }] : [],
    ),
    sms: sms.map(smsView),
  };
}

/** The answer of POST /v1/messages for a stored message. */
export function sentView(m: MessageView): SentView {
  return {
    id: m.id,
    password: m.password,
    status: m.status,
    recipients: m.recipients.map((r) => ({ address: r.address, status: r.status, reply: r.reply })),
    sms: m.sms,
  };
}

export class CursorError extends Error {
  override name = 'CursorError';
}

function encodeCursor(m: MessageRow): string {
  return Buffer.from(`${m.createdAt.toISOString()}|${m.id}`).toString('base64url');
}

/** `msg_` and 16 random bytes in base64url (db/schema/columns.ts newId). */
const messageIdPattern = /^msg_[A-Za-z0-9_-]{22}$/;

export function isMessageId(id: string): boolean {
  return messageIdPattern.test(id);
}

/** Exactly what Date#toISOString gives for a year 1900-2999, which PostgreSQL takes; nothing else. */
const cursorTimePattern = /^(?:19|2\d)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  const valid =
    rest.length === 0 &&
    isMessageId(id) &&
    cursorTimePattern.test(at) &&
    !Number.isNaN(createdAt.getTime()) &&
    createdAt.toISOString() === at;
  if (!valid) throw new CursorError('cursor is not one this API gave out');
  return { createdAt, id };
}

export async function listMessages(
  db: Database,
  secrets: SecretBox,
  accountId: string,
  page: { limit: number; cursor?: string },
): Promise<{ messages: MessageView[]; nextCursor: string | null }> {
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.accountId, accountId),
        after
          ? or(
              lt(messages.createdAt, after.createdAt),
              and(eq(messages.createdAt, after.createdAt), lt(messages.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows.at(-1);
  return {
    messages: await assemble(db, secrets, pageRows),
    nextCursor: more && last ? encodeCursor(last) : null,
  };
}
