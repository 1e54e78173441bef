import { customType, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, tstz } from './columns';
import { messages } from './messages';

// Work that must not be lost: one row per sealed mail and per SMS, written in the same transaction
// as the message, taken by the delivery worker with FOR UPDATE SKIP LOCKED (STYLE.md "Data"). A row
// lives only while there is something to deliver; it is deleted once delivered or finally failed,
// and with it the sealed bytes.

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/**
 * mail: the sealed message, whose delivery sets its recipients' status; sms: one password SMS;
 * receipt: another mail about the message (the gateway's receipt to the sender), delivered like
 * mail but without touching the recipients' status (the sender may be a recipient too); account: a
 * mail about an account, not a message (the sign-up's confirmation link), so without a message.
 */
export const outboxKinds = ['mail', 'sms', 'receipt', 'account'] as const;
export type OutboxKind = (typeof outboxKinds)[number];

export const outbox = pgTable(
  'outbox',
  {
    id: idColumn(),
    /** The message the job delivers; null only for kind 'account'. */
    messageId: text('message_id').references(() => messages.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: outboxKinds }).notNull(),
    /** mail, receipt: the sealed RFC 5322 bytes (the job's payload says where they go). */
    sealed: bytea('sealed'),
    /** What the job asks for, by kind (api/outbox/jobs.ts): checked with zod when read. */
    payload: jsonb('payload').$type<unknown>().notNull(),
    /** The instance whose lease `next_attempt_at` is while an attempt runs; null when merely due. */
    leasedBy: text('leased_by'),
    attempts: integer('attempts').notNull().default(0),
    /** Due time; while leased, the end of the lease (renewed by the worker's heartbeat). */
    nextAttemptAt: tstz('next_attempt_at').notNull(),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [index('outbox_due_idx').on(t.nextAttemptAt), index('outbox_message_idx').on(t.messageId)],
);

export type OutboxRow = typeof outbox.$inferSelect;
