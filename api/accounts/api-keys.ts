import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { apiKeys } from '../../db/schema/api-keys';
import { newId } from '../../db/schema/columns';
import { AppError } from '../errors';
import { hashSecret, newSecret } from './credentials';

export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart; the key itself is never shown again. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface NewApiKey extends ApiKeyInfo {
  apiKey: string;
}

export async function createApiKey(
  db: Database,
  accountId: string,
  name: string,
  now: Date,
): Promise<NewApiKey> {
  const apiKey = newSecret('apiKey');
  const row = {
    id: newId('key'),
    accountId,
    name: name.trim() || 'API key',
    keyHash: hashSecret(apiKey),
    prefix: apiKey.slice(0, 12),
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(apiKeys).values(row);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: now.toISOString(),
    lastUsedAt: null,
    apiKey,
  };
}

export async function listApiKeys(db: Database, accountId: string): Promise<ApiKeyInfo[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.accountId, accountId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  }));
}

/** Revokes one of the account's own keys; someone else's key id is answered as not found. */
export async function revokeApiKey(db: Database, accountId: string, keyId: string): Promise<void> {
  const gone = await db
    .delete(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId)))
    .returning({ id: apiKeys.id });
  if (gone.length === 0) throw new AppError('not_found', 'No such API key.');
}
