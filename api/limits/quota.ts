import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { messageResends } from '../../db/schema/message-resends';
import { messageSms } from '../../db/schema/message-sms';
import { messages } from '../../db/schema/messages';
import { sendReservations } from '../../db/schema/send-reservations';
import { suspendedError } from '../accounts/suspension';
import { AppError } from '../errors';
import type { LimitsConfig } from './config';

// Who may send how much (CONTRACT.md "Configuration", issue 13): the account must be proven and not
// suspended; messages and password SMS are counted over the last 24 hours in the database, so the
// count is the same for every service instance on one PostgreSQL. Only accepted messages count:
// a stored message is a row in `messages`, and a send in progress holds a reservation from the check
// until its message is stored or refused, taken under a lock on the account row, so two instances
// can never both take the last place. A refusal (unverified, invalid, over a limit) uses up nothing.

export const QUOTA_WINDOW_MS = 24 * 60 * 60_000;
/** A reservation of a process that died mid-send stops counting after this. */
export const RESERVATION_TTL_MS = 10 * 60_000;

export interface Admission {
  /**
   * The reservation, for the statement that stores the message to delete with it (the message
   * counts itself from then on); that caller then calls `released()`.
   */
  readonly reservationId: string;
  /** The reservation went with the stored message: nothing left to give back. */
  released(): void;
  /** Gives the reserved place back: call it once the message is stored (it counts itself then) or refused. */
  release(): Promise<void>;
}

export interface SendRequest {
  accountId: string;
  /** Mail recipients and phones of the message. */
  recipients: number;
  phones: number;
  /** 1 (default) for a new message; 0 when only a password SMS is sent again, not a message. */
  messages?: 0 | 1;
  now: Date;
}

function hoursText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`;
}

/** Past the recipient limit: refused before anything else (the gateway refuses at RCPT already). */
export function checkRecipientCount(limits: Pick<LimitsConfig, 'recipientsPerMessage'>, n: number): void {
  const max = limits.recipientsPerMessage;
  if (n > max) {
    throw new AppError(
      'invalid',
      `A message may have at most ${max} recipients (mail and phones together); this one has ${n}. Nothing was sent.`,
      {
        errors: [{ path: 'to', message: `at most ${max} recipients per message, mail and phones together` }],
      },
    );
  }
}

/** Seconds until `excess` of the counted times (oldest first) have left the window. */
function secondsUntilFree(times: Date[], excess: number, now: Date): number {
  const at = times[Math.max(0, excess - 1)];
  if (!at) return 60;
  return Math.max(1, Math.ceil((at.getTime() + QUOTA_WINDOW_MS - now.getTime()) / 1000));
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Places held by the account's sends in progress (reservations not yet run out). */
function heldOf(tx: Transaction, accountId: string, now: Date, column: AnyPgColumn) {
  return tx
    .select({ n: sql`coalesce(sum(${column}), 0)` })
    .from(sendReservations)
    .where(and(eq(sendReservations.accountId, accountId), gt(sendReservations.expiresAt, now)));
}

/** The account's messages in the window; a recipient's reply (api/replies) is stored with the sender but not sent by them. */
const sentWhere = (accountId: string, since: Date) =>
  and(eq(messages.accountId, accountId), gt(messages.createdAt, since), isNull(messages.replyTo));

function sentCount(tx: Transaction, accountId: string, since: Date) {
  return tx.select({ n: count() }).from(messages).where(sentWhere(accountId, since));
}

/** A sealed mail sent again (api/messages/sealed-copies.ts) counts like a message of its own. */
const resentWhere = (accountId: string, since: Date) =>
  and(eq(messages.accountId, accountId), gt(messageResends.createdAt, since));

function resentCount(tx: Transaction, accountId: string, since: Date) {
  return tx
    .select({ n: count() })
    .from(messageResends)
    .innerJoin(messages, eq(messages.id, messageResends.messageId))
    .where(resentWhere(accountId, since));
}

/**
 * Each SMS counts when it was queued: a password SMS sent again later (api/messages/resend.ts) is a
 * row of its own, counted on its own day.
 */
const textedWhere = (accountId: string, since: Date) =>
  and(eq(messages.accountId, accountId), gt(messageSms.createdAt, since));

function textedCount(tx: Transaction, accountId: string, since: Date) {
  return tx
    .select({ n: count() })
    .from(messageSms)
    .innerJoin(messages, eq(messages.id, messageSms.messageId))
    .where(textedWhere(accountId, since));
}

/** Only for a refusal's Retry-After: when each counted message went, oldest first. */
async function sentTimes(tx: Transaction, accountId: string, since: Date): Promise<Date[]> {
  const sent = await tx
    .select({ at: messages.createdAt })
    .from(messages)
    .where(sentWhere(accountId, since))
    .orderBy(asc(messages.createdAt));
  const resent = await tx
    .select({ at: messageResends.createdAt })
    .from(messageResends)
    .innerJoin(messages, eq(messages.id, messageResends.messageId))
    .where(resentWhere(accountId, since));
  return [...sent, ...resent].map((r) => r.at).sort((a, b) => a.getTime() - b.getTime());
}

async function textedTimes(tx: Transaction, accountId: string, since: Date): Promise<Date[]> {
  const texted = await tx
    .select({ at: messageSms.createdAt })
    .from(messageSms)
    .innerJoin(messages, eq(messages.id, messageSms.messageId))
    .where(textedWhere(accountId, since))
    .orderBy(asc(messageSms.createdAt));
  return texted.map((r) => r.at);
}

/**
 * Checks that the account may send this message now and reserves its place in the quota. Throws
 * AppError 'suspended', 'unverified' (403) or 'quota' (429, retryAfter set); nothing is reserved then.
 */
export async function admitSend(db: Database, limits: LimitsConfig, req: SendRequest): Promise<Admission> {
  checkRecipientCount(limits, req.recipients + req.phones);
  const { now } = req;
  const since = new Date(now.getTime() - QUOTA_WINDOW_MS);
  const id = newId('rsv');
  await db.transaction(async (tx) => {
    const [account] = await tx
      .select({
        plan: accounts.plan,
        verifiedAt: accounts.verifiedAt,
        suspendedAt: accounts.suspendedAt,
        suspendedReason: accounts.suspendedReason,
      })
      .from(accounts)
      .where(eq(accounts.id, req.accountId))
      .for('update');
    if (!account) throw new AppError('not_found', 'No such account.');
    if (account.suspendedAt) throw suspendedError(account.suspendedReason);
    if (!account.verifiedAt) {
      throw new AppError(
        'unverified',
        'Please confirm your email address first: we sent you a link. Nothing was sent.',
      );
    }
    const newMessages = req.messages ?? 1;
    // One statement after the lock (READ COMMITTED: it sees every send that held the lock before):
    // this send's reservation, and what the window holds besides it, as counts, not rows.
    const reserve = tx.$with('reserve').as(
      tx
        .insert(sendReservations)
        .values({
          id,
          accountId: req.accountId,
          messages: newMessages,
          sms: req.phones,
          expiresAt: new Date(now.getTime() + RESERVATION_TTL_MS),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: sendReservations.id }),
    );
    const [counted] = await tx
      .with(reserve)
      .select({
        heldMessages: sql<number>`(${heldOf(tx, req.accountId, now, sendReservations.messages)})::int`,
        heldSms: sql<number>`(${heldOf(tx, req.accountId, now, sendReservations.sms)})::int`,
        sent: sql<number>`(${sentCount(tx, req.accountId, since)})::int`,
        resent: sql<number>`(${resentCount(tx, req.accountId, since)})::int`,
        texted:
          req.phones > 0 ? sql<number>`(${textedCount(tx, req.accountId, since)})::int` : sql<number>`0`,
      })
      .from(reserve);
    if (!counted) throw new Error('the reservation was not made');

    const perDay = limits.messagesPerDay[account.plan];
    const messageExcess = counted.sent + counted.resent + counted.heldMessages + newMessages - perDay;
    if (newMessages > 0 && messageExcess > 0) {
      const wait = secondsUntilFree(await sentTimes(tx, req.accountId, since), messageExcess, now);
      throw new AppError(
        'quota',
        `You have sent ${perDay} messages in the last 24 hours, as many as your plan allows. Nothing was sent; try again in ${hoursText(wait)}.`,
        { retryAfter: wait },
      );
    }
    const smsExcess = counted.texted + counted.heldSms + req.phones - limits.smsPerDay;
    if (req.phones > 0 && smsExcess > 0) {
      const wait = secondsUntilFree(await textedTimes(tx, req.accountId, since), smsExcess, now);
      throw new AppError(
        'quota',
        `At most ${limits.smsPerDay} password SMS can be sent in 24 hours; this message would go past it. Nothing was sent; try again in ${hoursText(wait)}.`,
        { retryAfter: wait },
      );
    }
  });
  let released = false;
  return {
    reservationId: id,
    released() {
      released = true;
    },
    async release() {
      if (released) return;
      released = true;
      await db.delete(sendReservations).where(eq(sendReservations.id, id));
    },
  };
}
