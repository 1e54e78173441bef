import { and, count, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { loginFailures } from '../../db/schema/login-failures';
import { loginLocks } from '../../db/schema/login-locks';
import { AppError } from '../errors';

// Login locking for every way in (API login, portal, SMTP AUTH), CONTRACT.md "Accounts and locking":
// 5 failures for one account within 15 minutes lock its logins for 15 minutes; 20 failures from one
// IP address within 15 minutes block that address for 15 minutes. While locked, even the right
// password is refused. Failures and locks are rows, so several service instances share them.

export const lockPolicy = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountFailures: 5,
  ipFailures: 20,
} as const;

export interface LockContext {
  db: Database;
  now: () => Date;
}

export interface LoginSubject {
  /** Undefined when the address belongs to no account: the failure still counts for the IP. */
  accountId: string | undefined;
  ip: string;
}

function lockedError(until: Date, now: Date, what: 'account' | 'ip'): AppError {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfter / 60);
  const detail =
    what === 'account'
      ? `Too many wrong passwords: sign-in for this account is locked for ${minutes} more minute(s).`
      : `Too many failed sign-ins from your network address: it is blocked for ${minutes} more minute(s).`;
  return new AppError('locked', detail, { retryAfter });
}

async function activeLock(ctx: LockContext, subject: LoginSubject) {
  const now = ctx.now();
  const [ipLock] = await ctx.db
    .select({ until: loginLocks.until })
    .from(loginLocks)
    .where(and(eq(loginLocks.ip, subject.ip), gt(loginLocks.until, now)));
  if (ipLock) return lockedError(ipLock.until, now, 'ip');
  if (subject.accountId === undefined) return undefined;
  const [accountLock] = await ctx.db
    .select({ until: loginLocks.until })
    .from(loginLocks)
    .where(and(eq(loginLocks.accountId, subject.accountId), gt(loginLocks.until, now)));
  return accountLock ? lockedError(accountLock.until, now, 'account') : undefined;
}

/** Throws AppError 'locked' (with retryAfter seconds) if the account or the IP is locked now. */
export async function assertNotLocked(ctx: LockContext, subject: LoginSubject): Promise<void> {
  const locked = await activeLock(ctx, subject);
  if (locked) throw locked;
}

/**
 * Records one failed login. Returns the 'locked' error if this failure locked the account or the IP
 * (the caller answers with it), otherwise undefined.
 */
export async function recordFailure(ctx: LockContext, subject: LoginSubject): Promise<AppError | undefined> {
  const now = ctx.now();
  const since = new Date(now.getTime() - lockPolicy.windowMs);
  const until = new Date(now.getTime() + lockPolicy.lockMs);
  await ctx.db
    .insert(loginFailures)
    .values({ accountId: subject.accountId ?? null, ip: subject.ip, at: now });

  const [ip] = await ctx.db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.ip, subject.ip), gt(loginFailures.at, since)));
  if ((ip?.n ?? 0) >= lockPolicy.ipFailures) {
    await ctx.db
      .insert(loginLocks)
      .values({ id: newId('lck'), ip: subject.ip, until })
      .onConflictDoUpdate({ target: loginLocks.ip, set: { until, updatedAt: now } });
  }
  if (subject.accountId !== undefined) {
    const [acc] = await ctx.db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.accountId, subject.accountId), gt(loginFailures.at, since)));
    if ((acc?.n ?? 0) >= lockPolicy.accountFailures) {
      await ctx.db
        .insert(loginLocks)
        .values({ id: newId('lck'), accountId: subject.accountId, until })
        .onConflictDoUpdate({ target: loginLocks.accountId, set: { until, updatedAt: now } });
    }
  }
  return activeLock(ctx, subject);
}

/** After a successful login the account's count starts again (the IP's does not). */
export async function clearAccountFailures(db: Database, accountId: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.accountId, accountId));
}

/** Lifts an account's lock and forgets its failures. Returns whether a lock or failure was there. */
export async function unlockAccount(db: Database, accountId: string): Promise<boolean> {
  const locks = await db.delete(loginLocks).where(eq(loginLocks.accountId, accountId)).returning();
  const failures = await db.delete(loginFailures).where(eq(loginFailures.accountId, accountId)).returning();
  return locks.length + failures.length > 0;
}

/** Lifts an IP block and forgets the failures from that address. */
export async function unlockIp(db: Database, ip: string): Promise<boolean> {
  const locks = await db.delete(loginLocks).where(eq(loginLocks.ip, ip)).returning();
  const failures = await db.delete(loginFailures).where(eq(loginFailures.ip, ip)).returning();
  return locks.length + failures.length > 0;
}
