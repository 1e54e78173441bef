import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { postgresAdminUrl, queryRows, testDatabaseKind } from '../test/helpers/db';
import { openDatabase, openPostgres } from './client';

// Start-up runs the migrations; several instances may start at once against one PostgreSQL server.

async function emptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgres(postgresAdminUrl(), { max: 1, onnotice: () => {} });
  const name = `vt_empty_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

describe(`migrations on ${testDatabaseKind()}`, () => {
  it('apply from empty, concurrently from several instances, and again as a no-op', async () => {
    if (testDatabaseKind() === 'pglite') {
      const { tempDir } = await import('../test/helpers/cli');
      const handle = await openDatabase({ dataDir: tempDir(), databaseUrl: undefined });
      try {
        await Promise.all([handle.migrate(), handle.migrate()]);
        await handle.migrate();
        const rows = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from accounts`);
        expect(rows[0]?.n).toBe(0);
      } finally {
        await handle.close();
      }
      return;
    }
    const empty = await emptyPostgresDatabase();
    const instances = [openPostgres(empty.url), openPostgres(empty.url), openPostgres(empty.url)];
    try {
      await Promise.all(instances.map((h) => h.migrate()));
      const first = instances[0];
      if (!first) throw new Error('no instance');
      await first.migrate();
      const applied = await queryRows<{ n: number }>(
        first.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const files = await queryRows<{ n: number }>(first.db, sql`select count(*)::int as n from accounts`);
      expect(applied[0]?.n).toBeGreaterThan(0);
      expect(files[0]?.n).toBe(0);
    } finally {
      await Promise.all(instances.map((h) => h.close()));
      await empty.drop();
    }
  }, 240_000);
});
