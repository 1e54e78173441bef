import { randomBytes } from 'node:crypto';
import { text, timestamp } from 'drizzle-orm/pg-core';

// Shared column helpers: every table gets the same timestamp columns and readable, prefixed ids
// (`acc_…`, `ses_…`, `key_…`, `msg_…`) so a log line says what kind of row it is about.

export type IdPrefix = 'acc' | 'ses' | 'key' | 'msg' | 'rcp' | 'sms' | 'out' | 'lck';

/** A new id: the prefix, an underscore and 16 random bytes in base64url (128 bits). */
export function newId(prefix: IdPrefix | (string & {})): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}

/** Timestamp with time zone, read and written as a JS Date. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The primary key column of a table with prefixed ids. */
export const idColumn = () => text('id').primaryKey();

/** `created_at` and `updated_at`, both set by the database unless the code passes its own clock. */
export const timestamps = {
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
};
