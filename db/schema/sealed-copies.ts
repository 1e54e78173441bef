import { customType, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps, tstz } from './columns';
import { messages } from './messages';

// The sealed mail of a message, kept after delivery for a while (SEALED_RETENTION_MS in
// api/messages/sealed-copies.ts), so its sender can send the very same mail again when a recipient's
// mail system removed the attachments (issue 19). Only the sealed mail (encrypted ZIP, encrypted
// PDF, neutral cover) and its envelope: CONTRACT.md allows storing that. Gone with the message (and
// so with the account), and swept by housekeeping once `expires_at` has passed.

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

export const sealedCopies = pgTable(
  'sealed_copies',
  {
    messageId: text('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    /** The sealed RFC 5322 bytes exactly as the relay got them (their SHA-256 is messages.sealed_sha256). */
    sealed: bytea('sealed').notNull(),
    envelopeFrom: text('envelope_from').notNull(),
    /** The envelope's recipients of the original mail. */
    envelopeTo: jsonb('envelope_to').$type<string[]>().notNull(),
    expiresAt: tstz('expires_at').notNull(),
    ...timestamps,
  },
  (t) => [index('sealed_copies_expires_idx').on(t.expiresAt)],
);

export type SealedCopyRow = typeof sealedCopies.$inferSelect;
