import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { accounts } from '../../db/schema/accounts';
import { apiKeys } from '../../db/schema/api-keys';
import { newId } from '../../db/schema/columns';
import { sessions } from '../../db/schema/sessions';
import { publicAccount } from './accounts';
import { hashSecret, newSecret, secretKind } from './credentials';
import { suspendedError } from './suspension';
import type { Credential, CurrentAccount } from './types';

/** How long a sign-in lasts; the token carries no state, the row does. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface NewSession {
  id: string;
  token: string;
  expiresAt: Date;
}

export async function createSession(db: Database, accountId: string, now: Date): Promise<NewSession> {
  const token = newSecret('session');
  const id = newId('ses');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insert(sessions)
    .values({ id, accountId, tokenHash: hashSecret(token), expiresAt, createdAt: now, updatedAt: now });
  return { id, token, expiresAt };
}

export async function endSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export interface Authenticated {
  account: CurrentAccount;
  credential: Credential;
}

/**
 * Finds the account behind a bearer secret (session token or API key); undefined if none is valid.
 * Throws AppError 'suspended' (with the operator's reason) for a suspended account's valid secret.
 */
export async function authenticate(
  db: Database,
  secret: string,
  now: Date,
): Promise<Authenticated | undefined> {
  const kind = secretKind(secret);
  if (!kind) return undefined;
  const tokenHash = hashSecret(secret);
  if (kind === 'session') {
    const [row] = await db
      .select({ account: accounts, sessionId: sessions.id })
      .from(sessions)
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
    if (row?.account.suspendedAt) throw suspendedError(row.account.suspendedReason);
    return row
      ? { account: publicAccount(row.account), credential: { kind: 'session', sessionId: row.sessionId } }
      : undefined;
  }
  const [row] = await db
    .select({ account: accounts, apiKeyId: apiKeys.id })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(eq(apiKeys.keyHash, tokenHash));
  if (!row) return undefined;
  if (row.account.suspendedAt) throw suspendedError(row.account.suspendedReason);
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.apiKeyId));
  return { account: publicAccount(row.account), credential: { kind: 'apiKey', apiKeyId: row.apiKeyId } };
}
