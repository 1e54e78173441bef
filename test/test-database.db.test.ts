import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { createTestDatabase, queryRows, testDatabaseKind } from './helpers/db';

// The test databases themselves (test/helpers/db.ts): each file must meet an empty, migrated
// database, although PGlite instances are emptied and handed to the next file.

const accounts = sql`select email from accounts`;

describe(`test databases on ${testDatabaseKind()}`, () => {
  it('hand out an empty database after another file left rows behind', async () => {
    const first = await createTestDatabase();
    await createAccount(first.db, { email: 'left@example.org', name: 'Left', plan: 'free' });
    expect(await queryRows(first.db, accounts)).toHaveLength(1);
    await first.close();
    const next = await createTestDatabase();
    try {
      expect(await queryRows(next.db, accounts)).toEqual([]);
      // Still migrated: the same address can be taken again, as in a fresh database.
      await createAccount(next.db, { email: 'left@example.org', name: 'Left', plan: 'free' });
    } finally {
      await next.close();
    }
  });

  it('stop() takes the database away from whoever still holds it', async () => {
    const db = await createTestDatabase();
    await db.stop();
    await expect(queryRows(db.db, accounts)).rejects.toThrow();
    await db.close();
    const next = await createTestDatabase();
    try {
      expect(await queryRows(next.db, accounts)).toEqual([]);
    } finally {
      await next.close();
    }
  });
});
