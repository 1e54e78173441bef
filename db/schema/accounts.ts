import { boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from './columns';

export const plans = ['free', 'paid'] as const;
export type Plan = (typeof plans)[number];

export const accounts = pgTable(
  'accounts',
  {
    id: idColumn(),
    /** Normalised: trimmed and lower-cased (api/accounts/email.ts). */
    email: text('email').notNull(),
    name: text('name'),
    plan: text('plan', { enum: plans }).notNull().default('free'),
    /** Argon2id PHC string; null for an account made on the command line without a password (API keys only). */
    passwordHash: text('password_hash'),
    /** Receipt mail with the password after each message sent through the SMTP gateway (api/gateway). */
    receiptMails: boolean('receipt_mails').notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('accounts_email_key').on(t.email)],
);

export type AccountRow = typeof accounts.$inferSelect;
