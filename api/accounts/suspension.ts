import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { AppError } from '../errors';
import { publicAccount } from './accounts';
import { normaliseEmail } from './credentials';
import type { CurrentAccount } from './types';

// `vertraulich account suspend --email E [--reason TEXT]` and `unsuspend` (CONTRACT.md "Command
// line"): a suspended account sends nothing (403 suspended, gateway 550 5.7.1), its logins and keys
// are refused with the reason in plain words, and its mail still in the outbox is held, not lost:
// the delivery worker leaves it alone until the account is unsuspended (api/outbox), then sends it.

export const MAX_REASON_LENGTH = 500;

export function suspendedError(reason: string | null): AppError {
  const why = reason?.trim() ? ` Reason: ${reason.trim()}` : '';
  return new AppError(
    'suspended',
    `This account is suspended: it cannot sign in or send anything.${why} Please contact the operator.`,
  );
}

export interface SuspensionView extends CurrentAccount {
  suspended: boolean;
  reason: string | null;
}

async function setSuspension(
  db: Database,
  email: string,
  suspension: { at: Date | null; reason: string | null },
  now: Date,
): Promise<SuspensionView> {
  const [row] = await db
    .update(accounts)
    .set({ suspendedAt: suspension.at, suspendedReason: suspension.reason, updatedAt: now })
    .where(eq(accounts.email, normaliseEmail(email)))
    .returning();
  if (!row) throw new AppError('not_found', `No account with the email address ${normaliseEmail(email)}.`);
  return { ...publicAccount(row), suspended: row.suspendedAt !== null, reason: row.suspendedReason };
}

export function suspendAccount(
  db: Database,
  email: string,
  reason: string | undefined,
  now: Date,
): Promise<SuspensionView> {
  const text = reason?.trim() || null;
  if (text && text.length > MAX_REASON_LENGTH) {
    throw new AppError('invalid', `The reason must be at most ${MAX_REASON_LENGTH} characters long.`, {
      errors: [{ path: 'reason', message: `at most ${MAX_REASON_LENGTH} characters` }],
    });
  }
  return setSuspension(db, email, { at: now, reason: text }, now);
}

export function unsuspendAccount(db: Database, email: string, now: Date): Promise<SuspensionView> {
  return setSuspension(db, email, { at: null, reason: null }, now);
}
