import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { tstz } from './columns';

// One row per failed login (HTTP, portal or SMTP AUTH). Counted over a sliding window to lock an
// account or block an IP (CONTRACT.md "Accounts and locking"). `accountId` is null when the address
// belongs to no account; such failures still count for the IP.
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: text('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    ip: text('ip').notNull(),
    at: tstz('at').notNull(),
  },
  (t) => [
    index('login_failures_account_at_idx').on(t.accountId, t.at),
    index('login_failures_ip_at_idx').on(t.ip, t.at),
  ],
);
