import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
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
    const [held] = await tx
      .select({
        n: sql<string>`coalesce(sum(${sendReservations.messages}), 0)`,
        sms: sql<string>`coalesce(sum(${sendReservations.sms}), 0)`,
      })
      .from(sendReservations)
      .where(and(eq(sendReservations.accountId, req.accountId), gt(sendReservations.expiresAt, now)));
    const heldMessages = Number(held?.n ?? 0);
    const newMessages = req.messages ?? 1;
    const heldSms = Number(held?.sms ?? 0);

    const sent = await tx
      .select({ at: messages.createdAt })
      .from(messages)
      .where(
        and(
          eq(messages.accountId, req.accountId),
          gt(messages.createdAt, since),
          // A recipient's reply (api/replies) is stored with the sender but not sent by them.
          isNull(messages.replyTo),
        ),
      )
      .orderBy(asc(messages.createdAt));
    // A sealed mail sent again (api/messages/sealed-copies.ts) counts like a message of its own.
    const resent = await tx
      .select({ at: messageResends.createdAt })
      .from(messageResends)
      .innerJoin(messages, eq(messages.id, messageResends.messageId))
      .where(and(eq(messages.accountId, req.accountId), gt(messageResends.createdAt, since)));
    if (resent.length > 0) {
      sent.push(...resent);
      sent.sort((a, b) => a.at.getTime() - b.at.getTime());
    }
    const perDay = limits.messagesPerDay[account.plan];
    const messageExcess = sent.length + heldMessages + newMessages - perDay;
    if (newMessages > 0 && messageExcess > 0) {
      const wait = secondsUntilFree(
        sent.map((r) => r.at),
        messageExcess,
        now,
      );
      throw new AppError(
        'quota',
        `You have sent ${perDay} messages in the last 24 hours, as many as your plan allows. Nothing was sent; try again in ${hoursText(wait)}.`,
        { retryAfter: wait },
      );
    }

    if (req.phones > 0) {
      // Each SMS counts when it was queued: a password SMS sent again later (api/messages/resend.ts)
      // is a row of its own, counted on its own day.
      const texted = await tx
        .select({ at: messageSms.createdAt })
        .from(messageSms)
        .innerJoin(messages, eq(messages.id, messageSms.messageId))
        .where(and(eq(messages.accountId, req.accountId), gt(messageSms.createdAt, since)))
        .orderBy(asc(messageSms.createdAt));
      const smsExcess = texted.length + heldSms + req.phones - limits.smsPerDay;
      if (smsExcess > 0) {
        const wait = secondsUntilFree(
          texted.map((r) => r.at),
          smsExcess,
          now,
        );
        throw new AppError(
          'quota',
          `At most ${limits.smsPerDay} password SMS can be sent in 24 hours; this message would go past it. Nothing was sent; try again in ${hoursText(wait)}.`,
          { retryAfter: wait },
        );
      }
    }
    await tx.insert(sendReservations).values({
      id,
      accountId: req.accountId,
      messages: newMessages,
      sms: req.phones,
      expiresAt: new Date(now.getTime() + RESERVATION_TTL_MS),
      createdAt: now,
      updatedAt: now,
    });
  });
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await db.delete(sendReservations).where(eq(sendReservations.id, id));
    },
  };
}
