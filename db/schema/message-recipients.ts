import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, timestamps } from './columns';
import { messages } from './messages';

// The mail recipients of a message (To, Cc, Bcc) and what became of each.

export const recipientKinds = ['to', 'cc', 'bcc'] as const;
export const deliveryStatuses = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const messageRecipients = pgTable(
  'message_recipients',
  {
    id: idColumn(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: recipientKinds }).notNull(),
    address: text('address').notNull(),
    /** Order as given in the request, for answers that list them the same way. */
    position: integer('position').notNull().default(0),
    status: text('status', { enum: deliveryStatuses }).notNull().default('queued'),
    /** Short cause of the last failure (e.g. "SMTP 550"), never content. */
    error: text('error'),
    /** The relay's reply to this recipient's delivery (e.g. `250 2.0.0 queued as …`, `550 5.1.1 …`). */
    reply: text('reply'),
    ...timestamps,
  },
  (t) => [index('message_recipients_message_idx').on(t.messageId)],
);

export type MessageRecipientRow = typeof messageRecipients.$inferSelect;
