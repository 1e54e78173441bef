import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { signupAttempts } from '../../db/schema/signup-attempts';
import { clientKey } from '../accounts/lockout';
import { AppError } from '../errors';

// Self sign-ups per client address and hour (LIMIT_SIGNUPS_PER_IP_PER_HOUR). Every sign-up counts,
// for a new address or a taken one alike (else the limit would tell which addresses are taken). An
// advisory lock per address serialises the count and the insert, across service instances too.

export const SIGNUP_WINDOW_MS = 60 * 60_000;

/** Counts one sign-up from `ip`, or throws AppError 'quota' (retryAfter set) when over the limit. */
export async function countSignUp(db: Database, ip: string, limit: number, now: Date): Promise<void> {
  const key = clientKey(ip);
  const since = new Date(now.getTime() - SIGNUP_WINDOW_MS);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`signup:${key}`}))`);
    const recent = await tx
      .select({ at: signupAttempts.createdAt })
      .from(signupAttempts)
      .where(and(eq(signupAttempts.ip, key), gt(signupAttempts.createdAt, since)))
      .orderBy(asc(signupAttempts.createdAt));
    if (recent.length >= limit) {
      // A place is free again once enough of the oldest ones have left the window.
      const freed = recent[recent.length - limit]?.at.getTime() ?? now.getTime();
      const retryAfter = Math.max(1, Math.ceil((freed + SIGNUP_WINDOW_MS - now.getTime()) / 1000));
      throw new AppError(
        'quota',
        `Too many sign-ups from your network: at most ${limit} an hour. Try again in ${Math.ceil(retryAfter / 60)} minutes.`,
        { retryAfter },
      );
    }
    await tx.insert(signupAttempts).values({ id: newId('sgn'), ip: key, createdAt: now, updatedAt: now });
  });
}
