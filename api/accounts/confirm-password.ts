import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { AppError } from '../errors';
import { verifyPassword } from './credentials';
import { guardedCheck } from './lockout';

/** Where a current-password check comes from: it counts for the login lock of this client. */
export interface PasswordCheck {
  ip: string;
  now: () => Date;
}

/**
 * The current password of a signed-in account (password change, deletion, a new API key), checked
 * under the login lock: a stolen session cannot guess it faster than a login could, and wrong
 * guesses here and at the login count together.
 * Throws AppError 'forbidden' for a wrong one, 'locked' (retryAfter set) once the limit is reached.
 */
export async function confirmPassword(
  db: Database,
  accountId: string,
  password: string,
  from: PasswordCheck,
): Promise<void> {
  const [row] = await db
    .select({ email: accounts.email, hash: accounts.passwordHash })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!row) throw new AppError('not_found', 'No such account.');
  const subject = { email: row.email, ip: from.ip, accountId };
  const right = await guardedCheck({ db, now: from.now }, subject, () => verifyPassword(row.hash, password));
  if (!right) throw new AppError('forbidden', 'The password is wrong.');
}
