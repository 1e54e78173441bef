import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { idColumn, tstz } from './columns';
import { messages } from './messages';

// Each "send again" of a whole sealed mail (api/messages/sealed-copies.ts): it counts against the
// daily message quota like a new message (api/limits/quota.ts counts these rows with the messages).
// Gone with the message.

export const messageResends = pgTable(
  'message_resends',
  {
    id: idColumn(),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('message_resends_message_idx').on(t.messageId, t.createdAt)],
);
