import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { tstz } from './columns';

// One row per failed password check (HTTP, portal, SMTP AUTH, current-password checks), written
// before the check runs as its reservation and taken back when the password was right
// (api/accounts/lockout.ts). Counted over a sliding window per normalised address, whether or not an
// account has it, and per client address (IPv6: its /64). `accountId` is null when no account has
// the address; with an account, its failures go when it is deleted. `email` is null only in rows
// from before addresses were counted.
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    email: text('email'),
    ip: text('ip').notNull(),
    at: tstz('at').notNull(),
  },
  (t) => [
    index('login_failures_account_at_idx').on(t.accountId, t.at),
    index('login_failures_email_at_idx').on(t.email, t.at),
    index('login_failures_ip_at_idx').on(t.ip, t.at),
  ],
);
