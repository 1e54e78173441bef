import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { idColumn, timestamps, tstz } from './columns';

// A send in progress holds its place in the account's quota (api/limits/quota.ts) from the check
// until its message is stored (then the message counts) or refused (then nothing counts). It is
// taken under a lock on the account row, so two service instances never both take the last place.
// A reservation left by a crashed process stops counting at `expiresAt`.
export const sendReservations = pgTable(
  'send_reservations',
  {
    id: idColumn(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** 1 for a new message, 0 for a password SMS sent again (api/messages/resend.ts). */
    messages: integer('messages').notNull().default(1),
    sms: integer('sms').notNull().default(0),
    expiresAt: tstz('expires_at').notNull(),
    ...timestamps,
  },
  (t) => [index('send_reservations_account_idx').on(t.accountId, t.expiresAt)],
);
