import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from './columns';

// One row per self sign-up (new or taken address alike), counted per client address and hour
// (LIMIT_SIGNUPS_PER_IP_PER_HOUR, api/limits). Rows older than the window are of no use and go.
export const signupAttempts = pgTable(
  'signup_attempts',
  {
    id: idColumn(),
    ip: text('ip').notNull(),
    ...timestamps,
  },
  (t) => [index('signup_attempts_ip_idx').on(t.ip, t.createdAt)],
);
