import { sql } from 'drizzle-orm';
import { check, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tstz } from './columns';

// An active lock: either the logins of an address (whether or not an account has it) or a client
// address (IPv6: its /64), until `until`.
export const loginLocks = pgTable(
  'login_locks',
  {
    id: idColumn(),
    email: text('email'),
    ip: text('ip'),
    until: tstz('until').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('login_locks_email_key').on(t.email),
    uniqueIndex('login_locks_ip_key').on(t.ip),
    check('login_locks_one_subject', sql`${t.email} is null or ${t.ip} is null`),
  ],
);
