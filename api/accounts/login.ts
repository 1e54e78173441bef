import type { AccountRow } from '../../db/schema/accounts';
import { AppError } from '../errors';
import { findAccountByEmail, publicAccount } from './accounts';
import { verifyPassword } from './credentials';
import { assertNotLocked, clearAccountFailures, type LockContext, recordFailure } from './lockout';
import type { CurrentAccount } from './types';

/**
 * The one password check for every way in: HTTP login, portal and SMTP AUTH.
 * Throws AppError 'locked' (retryAfter set) while the account or IP is locked, even for the right
 * password, and AppError 'unauthorized' for a wrong address or password (the two are not told apart).
 */
export async function verifyLogin(
  ctx: LockContext,
  email: string,
  password: string,
  ip: string,
): Promise<CurrentAccount> {
  const account: AccountRow | undefined = await findAccountByEmail(ctx.db, email);
  const subject = { accountId: account?.id, ip };
  await assertNotLocked(ctx, subject);
  if (account && (await verifyPassword(account.passwordHash, password))) {
    await clearAccountFailures(ctx.db, account.id);
    return publicAccount(account);
  }
  if (!account) await verifyPassword(null, password);
  const locked = await recordFailure(ctx, subject);
  if (locked) throw locked;
  throw new AppError('unauthorized', 'Wrong email address or password.');
}
