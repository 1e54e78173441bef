import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

// One database client for the whole service, chosen once from the config: PostgreSQL through
// `postgres` when DATABASE_URL is set, otherwise embedded PGlite in $DATA_DIR/pglite. Both are typed
// as the same drizzle PgDatabase, so domain code never knows which one it talks to.

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Applies the committed migrations in db/migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(import.meta.dirname, 'migrations');

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl: string | undefined;
}

export async function openDatabase(config: DatabaseOptions): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const unlock = lockDataDir(config.dataDir);
  try {
    const client = await PGlite.create(path.join(config.dataDir, 'pglite'));
    return wrapPglite(client, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

/** Wraps an open PGlite (a data directory or an in-memory copy of a template) as a handle. */
export function wrapPglite(client: PGlite, onClose: () => void = () => {}): DatabaseHandle {
  const db = drizzlePglite({ client, schema });
  let migrating: Promise<void> = Promise.resolve();
  return {
    db,
    kind: 'pglite',
    // One process owns a PGlite, so serialising its own calls is all the locking it needs.
    migrate: () => {
      const run = migrating.catch(() => {}).then(() => migratePglite(db, { migrationsFolder }));
      migrating = run;
      return run;
    },
    async close() {
      try {
        await client.close();
      } finally {
        onClose();
      }
    },
  };
}

export function openPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
  // Notices ("relation already exists, skipping") from the migrator are noise, not news.
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema });
  return {
    db,
    kind: 'postgres',
    migrate: () => migrateExclusively(url, () => migratePostgres(db, { migrationsFolder })),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Several service instances may start at once against one server; drizzle's migrator does not lock,
 * so the first takes a session advisory lock on a connection of its own and the rest wait, then
 * find nothing left to do.
 */
async function migrateExclusively(url: string, migrate: () => Promise<void>): Promise<void> {
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(hashtext('vertraulich:migrate'))`;
    await migrate();
  } finally {
    await lock.end({ timeout: 5 });
  }
}
