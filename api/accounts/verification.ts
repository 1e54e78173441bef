import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { verificationTokens } from '../../db/schema/verification-tokens';
import { AppError } from '../errors';
import { hashSecret } from './credentials';

// Double opt-in: a self sign-up proves its address by opening a one-time link (CONTRACT.md
// "POST /v1/accounts/verify"). The token is 256 random bits; only its SHA-256 is stored (a leaked
// table proves nothing), it expires after 48 hours and is deleted when used, so it works once.

export const VERIFY_TTL_MS = 48 * 60 * 60_000;

/** Resending the link: not more often than this, and at most `resendPerDay` links a day. */
export const resendPolicy = { minGapMs: 60_000, perDay: 5 } as const;

const PREFIX = 'vtv_';

/** The page behind the link is the portal's (ui/portal/src/views/verify.ts). */
export function verificationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/verify/${token}`;
}

/** A new token for the account (inside the caller's transaction, if any); the caller mails it. */
export async function issueVerificationToken(db: Database, accountId: string, now: Date): Promise<string> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  await db.insert(verificationTokens).values({
    id: newId('vfy'),
    accountId,
    tokenHash: hashSecret(token),
    expiresAt: new Date(now.getTime() + VERIFY_TTL_MS),
    createdAt: now,
    updatedAt: now,
  });
  return token;
}

const invalidLink = () =>
  new AppError(
    'invalid',
    'This confirmation link is not valid (any more): it was used already or it expired. Sign in and ask for a new one.',
    { errors: [{ path: 'token', message: 'unknown, used or expired' }] },
  );

/**
 * Proves the address behind `token`. Used, unknown and expired tokens are refused alike (400): the
 * answer tells nothing about which. Returns the account's id.
 */
export async function verifyAddress(db: Database, token: string, now: Date): Promise<string> {
  if (!token.startsWith(PREFIX) || token.length > 200) throw invalidLink();
  return db.transaction(async (tx) => {
    // Deleting first makes the token single-use even for two requests at once: one gets the row.
    const [row] = await tx
      .delete(verificationTokens)
      .where(eq(verificationTokens.tokenHash, hashSecret(token)))
      .returning({ accountId: verificationTokens.accountId, expiresAt: verificationTokens.expiresAt });
    if (!row || row.expiresAt.getTime() <= now.getTime()) throw invalidLink();
    await tx
      .update(accounts)
      .set({ verifiedAt: now, updatedAt: now })
      .where(and(eq(accounts.id, row.accountId), isNull(accounts.verifiedAt)));
    // The other links of this account have nothing left to prove.
    await tx.delete(verificationTokens).where(eq(verificationTokens.accountId, row.accountId));
    return row.accountId;
  });
}

/**
 * A new token for resending the link, or undefined when the address is proven already. Throws
 * AppError 'rate_limited' (with retryAfter) when asked for too soon or too often.
 */
export async function resendToken(db: Database, accountId: string, now: Date): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    // The account row's lock serialises two resends at once, so the throttle holds for both.
    const [account] = await tx
      .select({ verifiedAt: accounts.verifiedAt })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for('update');
    if (!account) throw new AppError('not_found', 'No such account.');
    if (account.verifiedAt) return undefined;
    const dayAgo = new Date(now.getTime() - 24 * 60 * 60_000);
    const recent = await tx
      .select({ createdAt: verificationTokens.createdAt })
      .from(verificationTokens)
      .where(and(eq(verificationTokens.accountId, accountId), gt(verificationTokens.createdAt, dayAgo)))
      .orderBy(desc(verificationTokens.createdAt));
    const latest = recent[0]?.createdAt.getTime();
    if (latest !== undefined && now.getTime() - latest < resendPolicy.minGapMs) {
      const wait = Math.ceil((latest + resendPolicy.minGapMs - now.getTime()) / 1000);
      throw new AppError('rate_limited', `A link was sent just now; ask again in ${wait} seconds.`, {
        retryAfter: wait,
      });
    }
    if (recent.length >= resendPolicy.perDay) {
      const oldest = recent[recent.length - 1]?.createdAt.getTime() ?? now.getTime();
      const wait = Math.max(1, Math.ceil((oldest + 24 * 60 * 60_000 - now.getTime()) / 1000));
      throw new AppError(
        'rate_limited',
        `${resendPolicy.perDay} links were sent in the last 24 hours; ask again later.`,
        { retryAfter: wait },
      );
    }
    return issueVerificationToken(tx, accountId, now);
  });
}
