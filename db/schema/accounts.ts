import { boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tstz } from './columns';

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
    /**
     * When the address was proven (the mailed link opened, or made by the operator); null: nothing may
     * be sent yet (api/accounts/verification.ts). Accounts that existed before sign-ups had to be
     * proven count as proven: migration 0005 filled in its time for them.
     */
    verifiedAt: tstz('verified_at'),
    /** Set by `vertraulich account suspend`: nothing is sent, logins are refused, queued mail is held. */
    suspendedAt: tstz('suspended_at'),
    /** The operator's reason, shown to the account holder in plain words. */
    suspendedReason: text('suspended_reason'),
    ...timestamps,
  },
  (t) => [uniqueIndex('accounts_email_key').on(t.email)],
);

export type AccountRow = typeof accounts.$inferSelect;
