import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from './columns';
import { messages } from './messages';

// The phones a message's password goes to by SMS (E.164) and what became of each. Status moves
// only forward: queued (stored) → sent (Twilio took it) → delivered, or failed; Twilio's delivery
// reports (api/sms/status.ts) carry it from sent to delivered or failed.

export const smsStatuses = ['queued', 'sent', 'delivered', 'failed'] as const;
export type SmsStatus = (typeof smsStatuses)[number];

export const messageSms = pgTable(
  'message_sms',
  {
    id: idColumn(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    phone: text('phone').notNull(),
    /** Order as given in the request, for answers that list them the same way. */
    position: integer('position').notNull().default(0),
    status: text('status', { enum: smsStatuses }).notNull().default('queued'),
    error: text('error'),
    /** The provider's id for the SMS (Twilio's SM… sid). */
    providerRef: text('provider_ref'),
    /** Twilio's ErrorCode of a failed SMS (e.g. 30003), from the API's refusal or a delivery report. */
    errorCode: integer('error_code'),
    /** Set when the sender had the SMS sent again: the row of the new attempt, which the views show instead. */
    replacedBy: text('replaced_by'),
    ...timestamps,
  },
  (t) => [
    index('message_sms_message_idx').on(t.messageId),
    // Delivery reports name the SMS by Twilio's sid.
    index('message_sms_provider_ref_idx').on(t.providerRef),
  ],
);

export type MessageSmsRow = typeof messageSms.$inferSelect;
