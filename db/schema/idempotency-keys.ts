import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { timestamps } from './columns';
import { messages } from './messages';

// `Idempotency-Key` of POST /v1/messages, per account. The row is inserted in the same transaction
// as the message it answers for, so of two overlapping requests with one key only one commits; the
// other hits the primary key and answers with the stored message instead of sending again.

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the request body: the same key with another body is refused. */
    requestSha256: text('request_sha256').notNull(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key] })],
);
