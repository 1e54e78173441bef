import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { openDatabase } from '../db/client';
import { queryRows, seedPgliteDataDir } from './helpers/db';

// A DATA_DIR seeded from the migrated template (test/helpers/db.ts) must be what `serve` would have
// made there: migrated, empty, and a database of its own.

const accounts = sql`select email from accounts`;

describe('a seeded DATA_DIR', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('opens as a migrated, empty embedded database of its own', async () => {
    const fresh = () => {
      const d = mkdtempSync(path.join(os.tmpdir(), 'vertraulich-seeded-'));
      dirs.push(d);
      return d;
    };
    const a = fresh();
    const b = fresh();
    await Promise.all([seedPgliteDataDir(a), seedPgliteDataDir(b)]);
    const one = await openDatabase({ dataDir: a, databaseUrl: undefined });
    try {
      await one.migrate();
      await createAccount(one.db, { email: 'only-a@example.org', name: 'A', plan: 'free' });
    } finally {
      await one.close();
    }
    const other = await openDatabase({ dataDir: b, databaseUrl: undefined });
    try {
      expect(await queryRows(other.db, accounts)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
