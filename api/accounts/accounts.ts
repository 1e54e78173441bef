import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { type AccountRow, accounts, type Plan } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { sessions } from '../../db/schema/sessions';
import { AppError } from '../errors';
import { confirmPassword, type PasswordCheck } from './confirm-password';
import { checkPasswordRules, hashPassword, normaliseEmail } from './credentials';
import type { CurrentAccount } from './types';

export interface NewAccount {
  email: string;
  /** Without one the account signs in with API keys only (made on the command line). */
  password?: string | undefined;
  name?: string | undefined;
  plan?: Plan;
  /**
   * Whether the address counts as proven. Accounts made by the operator (`vertraulich account
   * create`) are: the operator vouches for them. A self sign-up is not (api/accounts/sign-up.ts).
   */
  verified?: boolean;
}

export function publicAccount(row: AccountRow): CurrentAccount {
  return { id: row.id, email: row.email, name: row.name, plan: row.plan, verified: row.verifiedAt !== null };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}

export async function createAccount(db: Database, input: NewAccount): Promise<CurrentAccount> {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined) checkPasswordRules(input.password);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  try {
    const [row] = await db
      .insert(accounts)
      .values({
        id: newId('acc'),
        email,
        name: input.name?.trim() || null,
        plan: input.plan ?? 'free',
        passwordHash,
        verifiedAt: input.verified === false ? null : new Date(),
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return publicAccount(row);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('conflict', 'An account with this email address exists already.');
    throw err;
  }
}

export async function findAccountByEmail(db: Database, email: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(eq(accounts.email, normaliseEmail(email)));
  return row;
}

export async function getAccount(db: Database, id: string): Promise<CurrentAccount> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw new AppError('not_found', 'No such account.');
  return publicAccount(row);
}

/** The name recipients see (already checked with checkName); null removes it. */
export async function setName(
  db: Database,
  accountId: string,
  name: string | null,
  now: Date,
): Promise<void> {
  const rows = await db
    .update(accounts)
    .set({ name, updatedAt: now })
    .where(eq(accounts.id, accountId))
    .returning({ id: accounts.id });
  if (rows.length === 0) throw new AppError('not_found', 'No such account.');
}

export async function setPlan(db: Database, email: string, plan: Plan, now: Date): Promise<CurrentAccount> {
  const [row] = await db
    .update(accounts)
    .set({ plan, updatedAt: now })
    .where(eq(accounts.email, normaliseEmail(email)))
    .returning();
  if (!row) throw new AppError('not_found', `No account with the email address ${normaliseEmail(email)}.`);
  return publicAccount(row);
}

/**
 * Sets a new password after checking the current one. Every session but `keepSessionId` (the one
 * making the change, if it is a session) ends at once.
 */
export async function changePassword(
  db: Database,
  accountId: string,
  change: {
    currentPassword: string;
    newPassword: string;
    keepSessionId: string | undefined;
    now: Date;
    ip: string;
  },
): Promise<void> {
  checkPasswordRules(change.newPassword, 'newPassword');
  await confirmPassword(db, accountId, change.currentPassword, { ip: change.ip, now: () => change.now });
  const passwordHash = await hashPassword(change.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, updatedAt: change.now }).where(eq(accounts.id, accountId));
    const mine = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.accountId, accountId));
    for (const s of mine) {
      if (s.id !== change.keepSessionId) await tx.delete(sessions).where(eq(sessions.id, s.id));
    }
  });
}

/** Deletes the account; every table referring to it cascades, so none of its rows remain. */
export async function deleteAccount(
  db: Database,
  accountId: string,
  password: string,
  from: PasswordCheck,
): Promise<void> {
  await confirmPassword(db, accountId, password, from);
  await db.delete(accounts).where(eq(accounts.id, accountId));
}
