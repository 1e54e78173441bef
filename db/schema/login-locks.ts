import { sql } from 'drizzle-orm';
import { check, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { idColumn, timestamps, tstz } from './columns';

// An active lock: either an account's logins or an IP address, until `until`.
export const loginLocks = pgTable(
  'login_locks',
  {
    id: idColumn(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    ip: text('ip'),
    until: tstz('until').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('login_locks_account_key').on(t.accountId),
    uniqueIndex('login_locks_ip_key').on(t.ip),
    check('login_locks_one_subject', sql`(${t.accountId} is null) <> (${t.ip} is null)`),
  ],
);
