import type { AccountRow } from '../../db/schema/accounts';
import { AppError } from '../errors';
import { findAccountByEmail, publicAccount } from './accounts';
import { verifyPassword } from './credentials';
import { guardedCheck, type LockContext } from './lockout';
import { suspendedError } from './suspension';
import type { CurrentAccount } from './types';

/**
 * The one password check for every way in: HTTP login, portal and SMTP AUTH.
 * Throws AppError 'locked' (retryAfter set) while the address or IP is locked, even for the right
 * password, and AppError 'unauthorized' for a wrong address or password (the two are not told apart:
 * an unknown address costs the same Argon2 time and is counted and locked the same way).
 * A suspended account's right password gets AppError 'suspended' with the operator's reason; only
 * after the password was right, so the refusal tells nobody else that the account exists.
 */
export async function verifyLogin(
  ctx: LockContext,
  email: string,
  password: string,
  ip: string,
): Promise<CurrentAccount> {
  const account: AccountRow | undefined = await findAccountByEmail(ctx.db, email);
  const right = await guardedCheck(ctx, { email, ip, accountId: account?.id }, () =>
    verifyPassword(account?.passwordHash ?? null, password),
  );
  if (account && right) {
    if (account.suspendedAt) throw suspendedError(account.suspendedReason);
    return publicAccount(account);
  }
  throw new AppError('unauthorized', 'Wrong email address or password.');
}
