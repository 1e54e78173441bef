import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { idColumn, timestamps, tstz } from './columns';

// A one-time link that proves a sign-up's address (api/accounts/verification.ts). Only the SHA-256
// of the token is stored; a row is deleted when used, so a token works once.
export const verificationTokens = pgTable(
  'verification_tokens',
  {
    id: idColumn(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('verification_tokens_hash_key').on(t.tokenHash),
    index('verification_tokens_account_idx').on(t.accountId, t.createdAt),
  ],
);
