import { createHash } from 'node:crypto';
import { and, eq, type WithSubquery } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { idempotencyKeys } from '../../db/schema/idempotency-keys';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messageSms } from '../../db/schema/message-sms';
import { type MessageSource, messages } from '../../db/schema/messages';
import { outbox as outboxTable } from '../../db/schema/outbox';
import { sealedCopies } from '../../db/schema/sealed-copies';
import { sendReservations } from '../../db/schema/send-reservations';
import { toWireForm } from '../delivery/wire-form';
import { AppError } from '../errors';
import { reservedRows } from '../outbox/db-outbox';
import type { Outbox } from '../outbox/outbox';
import type { Language, SealResult, ZipMethod } from '../seal/types';
import type { SecretBox } from '../secrets/secret-box';
import { smsText } from '../sms/text';
import type { MailRecipient } from './recipients';
import { SEALED_RETENTION_MS } from './retention';

// Stores a sealed message and its delivery work in ONE statement, so in one transaction (STYLE.md
// "Data"): the message row, a row per recipient and per phone, the outbox jobs (the sealed mail,
// each SMS), with an Idempotency-Key the key's claim, and the quota's reservation goes. Either all
// of it is there, or nothing is and nothing is sent.

export interface QueueInput {
  /** Made before sealing (newId('msg')): the sealed mail names it for replies (issue 18). */
  messageId?: string;
  accountId: string;
  senderName: string;
  source: MessageSource;
  sealed: SealResult;
  language: Language;
  /** Kept for the proof of sending, with the SHA-256 of the sealed bytes the relay gets. */
  zip: ZipMethod;
  recipients: MailRecipient[];
  phones: string[];
  /** Envelope sender of the sealed mail (MAIL_FROM's address). */
  envelopeFrom: string;
  idempotency?: { key: string; requestSha256: string };
  /** A reply (api/replies): the message it answers. */
  replyTo?: string;
  /** The quota's reservation of this send (Admission.reservationId): deleted with the message's statement. */
  reservationId?: string;
  /** Runs first inside the transaction (e.g. locks and checks a limit); what it throws goes through as is. */
  guard?: (tx: Transaction) => Promise<void>;
  now: Date;
}

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface Queued {
  messageId: string;
  outboxIds: string[];
}

export class IdempotencyClash extends Error {
  override name = 'IdempotencyClash';
}

/** Postgres unique_violation, as thrown by postgres-js and PGlite, also wrapped by drizzle. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function passwordContext(messageId: string): string {
  return `${messageId}:password`;
}
export function subjectContext(messageId: string): string {
  return `${messageId}:subject`;
}

function uniqueAddresses(list: MailRecipient[]): string[] {
  const seen = new Map<string, string>();
  for (const r of list) if (!seen.has(r.address.toLowerCase())) seen.set(r.address.toLowerCase(), r.address);
  return [...seen.values()];
}

/** The outbox jobs are reserved for this instance's first attempt (Outbox.enqueue). */
export async function queueMessage(
  db: Database,
  secrets: SecretBox,
  outbox: Outbox,
  q: QueueInput,
): Promise<Queued> {
  const messageId = q.messageId ?? newId('msg');
  const mailOutboxId = newId('out');
  const sms = q.phones.map((phone) => ({ id: newId('sms'), outboxId: newId('out'), phone }));
  const body = smsText({ senderName: q.senderName, password: q.sealed.password, language: q.language });
  // Stored as the relay receives it, so the proof's hash is of exactly those bytes.
  const wire = toWireForm(q.sealed.sealedMessage);
  const to = uniqueAddresses(q.recipients);
  const jobs = reservedRows(
    outbox,
    [
      { kind: 'mail', id: mailOutboxId, messageId, sealed: wire, from: q.envelopeFrom, to },
      ...sms.map((s) => ({
        kind: 'sms' as const,
        id: s.outboxId,
        messageId,
        smsId: s.id,
        to: s.phone,
        bodyEnc: secrets.encrypt(body, s.id),
      })),
    ],
    q.now,
  );
  // ONE statement (data-modifying CTEs): atomic on its own, one round trip, and no transaction to
  // hold PGlite's only connection between statements. Its parts cannot see each other's rows, but
  // the foreign keys are checked at the end of the statement, when all of them are in.
  const store = (tx: Database | Transaction) => {
    const parts: WithSubquery[] = [
      tx.$with('message').as(
        tx.insert(messages).values({
          id: messageId,
          accountId: q.accountId,
          source: q.source,
          passwordEnc: secrets.encrypt(q.sealed.password, passwordContext(messageId)),
          subjectEnc: secrets.encrypt(q.sealed.originalSubject, subjectContext(messageId)),
          originalSha256: q.sealed.originalSha256,
          sealedMessageId: q.sealed.messageId,
          sealedSha256: createHash('sha256').update(wire).digest('hex'),
          zipMethod: q.zip,
          language: q.language,
          replyTo: q.replyTo,
          createdAt: q.now,
          updatedAt: q.now,
        }),
      ),
      tx.$with('recipients').as(
        tx.insert(messageRecipients).values(
          q.recipients.map((r, position) => ({
            id: newId('rcp'),
            messageId,
            kind: r.kind,
            address: r.address,
            position,
            createdAt: q.now,
            updatedAt: q.now,
          })),
        ),
      ),
      // Kept after delivery for "send again" (api/messages/sealed-copies.ts); gone with the message.
      tx.$with('sealed_copy').as(
        tx.insert(sealedCopies).values({
          messageId,
          sealed: Buffer.from(wire),
          envelopeFrom: q.envelopeFrom,
          envelopeTo: to,
          expiresAt: new Date(q.now.getTime() + SEALED_RETENTION_MS),
          createdAt: q.now,
          updatedAt: q.now,
        }),
      ),
    ];
    if (q.idempotency) {
      // Claimed in the message's own statement: of two overlapping requests only one commits.
      parts.push(
        tx.$with('idempotency_key').as(
          tx.insert(idempotencyKeys).values({
            accountId: q.accountId,
            key: q.idempotency.key,
            requestSha256: q.idempotency.requestSha256,
            messageId,
            createdAt: q.now,
            updatedAt: q.now,
          }),
        ),
      );
    }
    if (sms.length > 0) {
      parts.push(
        tx.$with('sms').as(
          tx.insert(messageSms).values(
            sms.map((s, position) => ({
              id: s.id,
              messageId,
              phone: s.phone,
              position,
              createdAt: q.now,
              updatedAt: q.now,
            })),
          ),
        ),
      );
    }
    if (q.reservationId) {
      // The quota's reservation (api/limits/quota.ts) goes as the message comes: it counts itself now.
      parts.push(
        tx
          .$with('reservation')
          .as(tx.delete(sendReservations).where(eq(sendReservations.id, q.reservationId))),
      );
    }
    return tx
      .with(...parts)
      .insert(outboxTable)
      .values(jobs);
  };
  try {
    if (q.guard) {
      const guard = q.guard;
      await db.transaction(async (tx) => {
        await guard(tx);
        await store(tx);
      });
    } else {
      await store(db);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (q.idempotency && isUniqueViolation(err)) throw new IdempotencyClash('idempotency key already used');
    // Drizzle's error carries the query parameters: the sealed mail and sealed secrets. Only the
    // database's error code and message go on, so a log line never holds them.
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    const reason =
      typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.name : 'error';
    throw new Error(`storing the message failed${code ? ` (${code})` : ''}: ${reason}`);
  }
  return { messageId, outboxIds: [mailOutboxId, ...sms.map((s) => s.outboxId)] };
}

/** The message an Idempotency-Key already stands for, with the request it was made by. */
export async function findByIdempotencyKey(
  db: Database,
  accountId: string,
  key: string,
): Promise<{ messageId: string; requestSha256: string } | undefined> {
  const [row] = await db
    .select({ messageId: idempotencyKeys.messageId, requestSha256: idempotencyKeys.requestSha256 })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key)));
  return row;
}
