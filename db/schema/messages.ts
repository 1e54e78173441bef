import { type AnyPgColumn, index, pgTable, text } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { idColumn, timestamps, tstz } from './columns';

// One confidential message as its sender's history shows it. Nothing of its content is stored in
// clear (CONTRACT.md): the password and the original subject are AES-256-GCM sealed under the master
// key with the message id as context (api/secrets/secret-box.ts); the original is kept only as its
// SHA-256. The sealed mail itself waits in `outbox` until delivered.

export const messageStatuses = ['queued', 'sent', 'failed'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** reply: a recipient's answer from the /open page (api/replies), a message of the original sender's account. */
export const messageSources = ['api', 'gateway', 'reply'] as const;
export type MessageSource = (typeof messageSources)[number];

export const messages = pgTable(
  'messages',
  {
    id: idColumn(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    source: text('source', { enum: messageSources }).notNull(),
    passwordEnc: text('password_enc').notNull(),
    subjectEnc: text('subject_enc').notNull(),
    originalSha256: text('original_sha256').notNull(),
    /** Message-ID header of the sealed mail (not content: made by us). */
    sealedMessageId: text('sealed_message_id').notNull(),
    /** SHA-256 hex of the sealed bytes as handed to the relay, and the ZIP method: the proof of sending. */
    sealedSha256: text('sealed_sha256'),
    zipMethod: text('zip_method', { enum: ['aes256', 'zipcrypto'] }),
    language: text('language', { enum: ['de', 'en'] }).notNull(),
    /** For a reply: the message it answers (same account). Gone with it. */
    replyTo: text('reply_to').references((): AnyPgColumn => messages.id, { onDelete: 'cascade' }),
    /** queued: something still to deliver; sent: everything delivered; failed: nothing left to try, some failed. */
    status: text('status', { enum: messageStatuses }).notNull().default('queued'),
    sentAt: tstz('sent_at'),
    ...timestamps,
  },
  // Newest first per account, with the id as tie-breaker for the cursor.
  (t) => [
    index('messages_account_created_idx').on(t.accountId, t.createdAt, t.id),
    // Counting the replies of a message (the limit) and listing them with it.
    index('messages_reply_to_idx').on(t.replyTo),
  ],
);

export type MessageRow = typeof messages.$inferSelect;
