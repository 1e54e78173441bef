import { and, eq, gt, or, sql } from 'drizzle-orm';
import ipaddr from 'ipaddr.js';
import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { loginFailures } from '../../db/schema/login-failures';
import { loginLocks } from '../../db/schema/login-locks';
import { AppError } from '../errors';
import { normaliseEmail } from './credentials';

// Login locking for every password check (API login, portal, SMTP AUTH, and the current password of
// a password change, an account deletion or a new API key), CONTRACT.md "Accounts and locking":
// 5 failures for one address within 15 minutes lock its logins for 15 minutes; 20 failures from one
// client address within 15 minutes block that address for 15 minutes. While locked, even the right
// password is refused. Failures count per normalised email address whether or not an account has it,
// so known and unknown addresses answer alike. Failures and locks are rows: instances share them.
//
// The count holds under parallel attempts because an attempt is reserved (written as a failure)
// BEFORE the password is checked, and is checked only if its reservation is within the limit: the
// k-th reservation to commit sees at least k rows, so at most 5 (20) checks run per window, however
// many requests arrive at once. A right password takes its reservation back.

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
  /** The address signed in with; counted whether or not an account has it. */
  email: string;
  /** The client address (IPv6 is counted per /64). */
  ip: string;
  /** The account, when there is one: its failures go away with it. */
  accountId?: string | undefined;
}

/**
 * The address a failure counts for: IPv4 as it is (also when IPv4-mapped), IPv6 as its /64, since one
 * customer line or host usually holds a whole /64 (RFC 6177) and would otherwise have 2^64 tries.
 */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
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

interface Keys {
  email: string;
  ip: string;
}

function keysOf(subject: LoginSubject): Keys {
  return { email: normaliseEmail(subject.email), ip: clientKey(subject.ip) };
}

async function activeLock(ctx: LockContext, keys: Keys): Promise<AppError | undefined> {
  const now = ctx.now();
  const locks = await ctx.db
    .select({ ip: loginLocks.ip, until: loginLocks.until })
    .from(loginLocks)
    .where(and(or(eq(loginLocks.ip, keys.ip), eq(loginLocks.email, keys.email)), gt(loginLocks.until, now)));
  const ipLock = locks.find((l) => l.ip !== null);
  if (ipLock) return lockedError(ipLock.until, now, 'ip');
  const emailLock = locks[0];
  return emailLock ? lockedError(emailLock.until, now, 'account') : undefined;
}

/** Failures within the window for the address and for the client, in one query. */
async function countFailures(ctx: LockContext, keys: Keys): Promise<{ email: number; ip: number }> {
  const since = new Date(ctx.now().getTime() - lockPolicy.windowMs);
  const [row] = await ctx.db
    .select({
      email: sql<number>`count(*) filter (where ${loginFailures.email} = ${keys.email})`.mapWith(Number),
      ip: sql<number>`count(*) filter (where ${loginFailures.ip} = ${keys.ip})`.mapWith(Number),
    })
    .from(loginFailures)
    .where(
      and(
        gt(loginFailures.at, since),
        or(eq(loginFailures.email, keys.email), eq(loginFailures.ip, keys.ip)),
      ),
    );
  return { email: row?.email ?? 0, ip: row?.ip ?? 0 };
}

/** Locks what has reached its limit; returns the error to answer with, if anything is locked now. */
async function lockWhatIsFull(
  ctx: LockContext,
  keys: Keys,
  counts: { email: number; ip: number },
): Promise<AppError | undefined> {
  const now = ctx.now();
  const until = new Date(now.getTime() + lockPolicy.lockMs);
  if (counts.ip >= lockPolicy.ipFailures) {
    await ctx.db
      .insert(loginLocks)
      .values({ id: newId('lck'), ip: keys.ip, until, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: loginLocks.ip, set: { until, updatedAt: now } });
  }
  if (counts.email >= lockPolicy.accountFailures) {
    await ctx.db
      .insert(loginLocks)
      .values({ id: newId('lck'), email: keys.email, until, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: loginLocks.email, set: { until, updatedAt: now } });
  }
  return activeLock(ctx, keys);
}

/**
 * Runs one password check under the lock: refuses (AppError 'locked', retryAfter set) while the
 * address or the client is locked or when this attempt would be past the limit, without running
 * `check`; otherwise runs it. Returns whether the password was right; a wrong one that reaches the
 * limit throws 'locked' instead of returning false.
 */
export async function guardedCheck(
  ctx: LockContext,
  subject: LoginSubject,
  check: () => Promise<boolean>,
): Promise<boolean> {
  const keys = keysOf(subject);
  const locked = await activeLock(ctx, keys);
  if (locked) throw locked;
  const [reserved] = await ctx.db
    .insert(loginFailures)
    .values({ email: keys.email, ip: keys.ip, accountId: subject.accountId ?? null, at: ctx.now() })
    .returning({ id: loginFailures.id });
  if (!reserved) throw new Error('insert returned no row');
  const before = await countFailures(ctx, keys);
  if (before.email > lockPolicy.accountFailures || before.ip > lockPolicy.ipFailures) {
    // Past the limit: the password is not even looked at. The counts are at the limit, so a lock is
    // in force once lockWhatIsFull has written it.
    const full = await lockWhatIsFull(ctx, keys, before);
    if (full) throw full;
    throw new AppError('locked', 'Too many failed sign-ins: try again later.', { retryAfter: 60 });
  }
  if (await check()) {
    // The address's count starts again (the reservation with it); the client's other failures stay.
    await ctx.db.delete(loginFailures).where(eq(loginFailures.email, keys.email));
    return true;
  }
  const full = await lockWhatIsFull(ctx, keys, await countFailures(ctx, keys));
  if (full) throw full;
  return false;
}

/** Lifts the lock of an address and forgets its failures. Returns whether a lock or failure was there. */
export async function unlockAccount(db: Database, email: string): Promise<boolean> {
  const key = normaliseEmail(email);
  const locks = await db.delete(loginLocks).where(eq(loginLocks.email, key)).returning();
  const failures = await db.delete(loginFailures).where(eq(loginFailures.email, key)).returning();
  return locks.length + failures.length > 0;
}

/** Lifts a client address's block (IPv6: its /64) and forgets the failures from it. */
export async function unlockIp(db: Database, ip: string): Promise<boolean> {
  const key = clientKey(ip);
  const locks = await db.delete(loginLocks).where(eq(loginLocks.ip, key)).returning();
  const failures = await db.delete(loginFailures).where(eq(loginFailures.ip, key)).returning();
  return locks.length + failures.length > 0;
}
