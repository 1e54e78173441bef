import { index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { idColumn, timestamps, tstz } from './columns';

// API keys for add-ins and integrators: shown once, stored as SHA-256; `prefix` lets a user tell keys apart.
export const apiKeys = pgTable(
  'api_keys',
  {
    id: idColumn(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    lastUsedAt: tstz('last_used_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash), index('api_keys_account_idx').on(t.accountId)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
