import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from './columns';
import { deliveryStatuses } from './message-recipients';
import { messages } from './messages';

// The phones a message's password goes to by SMS (E.164) and what became of each.

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
    status: text('status', { enum: deliveryStatuses }).notNull().default('queued'),
    error: text('error'),
    /** The provider's id for the SMS (Twilio's SM… sid). */
    providerRef: text('provider_ref'),
    ...timestamps,
  },
  (t) => [index('message_sms_message_idx').on(t.messageId)],
);

export type MessageSmsRow = typeof messageSms.$inferSelect;
