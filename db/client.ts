import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

// One database client for the whole service, chosen once from the config: PostgreSQL through
// node-postgres (`pg`) when DATABASE_URL is set, otherwise embedded PGlite in $DATA_DIR/pglite. Both
// are typed as the same drizzle PgDatabase, so domain code never knows which one it talks to.
//
// Why `pg` and not postgres-js: postgres-js 3.4.9 throws an uncaught TypeError from inside its socket
// handler when the server goes away under load (porsager/postgres #1154, #1208), which no caller can
// catch, so a database outage killed the whole process. With `pg` every connection error reaches the
// query that was running, or the 'error' listeners below.

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

export async function openDatabase(
  config: DatabaseOptions,
  options: Pick<PostgresOptions, 'onError'> = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, options);
  const unlock = lockDataDir(config.dataDir);
  try {
    const client = await PGlite.create(path.join(config.dataDir, 'pglite'));
    return wrapPglite(client, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * PGlite 0.5 passes bytea as hex text both ways, and makes it one byte at a time in JavaScript
 * (`Array.from(bytes).map(b => b.toString(16).padStart(2, '0')).join('')`, and a parseInt per pair
 * back): a sealed mail of some hundred KB, stored twice and read once per message, cost ~30 ms of
 * the main thread per message under the bench (issue 15, `node --cpu-prof`). The same hex text,
 * made and read by Buffer's native codec.
 */
function fastBytea(client: PGlite): void {
  client.serializers[types.BYTEA] = (value: unknown) => {
    if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  };
  client.parsers[types.BYTEA] = (value: string) => Buffer.from(value.slice(2), 'hex');
}

/** Wraps an open PGlite (a data directory or an in-memory copy of a template) as a handle. */
export function wrapPglite(client: PGlite, onClose: () => void = () => {}): DatabaseHandle {
  fastBytea(client);
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

export interface PostgresOptions {
  max?: number;
  /** Called with connection errors that belong to no query (an idle connection cut by the server). */
  onError?: (err: Error) => void;
}

/**
 * Timeouts that make an outage fail fast instead of queueing requests: a connection that cannot be
 * made in 2 s, a statement running over 15 s (the largest insert is a sealed message of a few MB),
 * and a reply that never comes (a server gone without closing the socket) after 20 s.
 */
export const postgresTimeouts = {
  connectionTimeoutMillis: 2_000,
  statement_timeout: 15_000,
  query_timeout: 20_000,
  idle_in_transaction_session_timeout: 30_000,
} as const;

function poolConfig(url: string, max: number): pg.PoolConfig {
  return { connectionString: url, max, keepAlive: true, ...postgresTimeouts };
}

/**
 * node-postgres emits an 'error' event that nobody listens to; the pool listens on idle connections
 * only, so one cut while a transaction holds it between two statements would end the process. Every
 * connection gets a listener for its whole life; the next query on it then fails as it should.
 */
function listen(pool: pg.Pool, onError: (err: Error) => void): pg.Pool {
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
  return pool;
}

const transactionEdge = /^\s*(?:begin|rollback)\b/i;

/**
 * The pool drizzle's transactions take their connection from. drizzle 0.45 (node-postgres session)
 * runs `begin` before its try/finally, so a connection cut at that moment was never released: each
 * one took a slot for good, and after `max` of them every request waited for a connection that could
 * not come, long after the database was back. A connection taken here goes back to the pool, marked
 * broken, the moment it fails (its 'error' event, or a failed `begin`/`rollback`), and releasing
 * it twice is harmless.
 */
class OutagePool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(callback?: Parameters<pg.Pool['connect']>[0]): Promise<pg.PoolClient> | undefined {
    // The callback form is pool.query's own, which releases on every outcome.
    if (callback) {
      super.connect(callback);
      return undefined;
    }
    return super.connect().then((client) => guardCheckedOut(client));
  }
}

function guardCheckedOut(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  // The prototype's query: the own property set below is removed again on release.
  const query = client.query as (...args: unknown[]) => unknown;
  let released = false;
  const giveBack = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    client.off('error', onError);
    delete (client as { query?: unknown }).query;
    release(err);
  };
  const onError = (err: Error) => giveBack(err);
  client.on('error', onError);
  client.release = giveBack;
  client.query = ((...args: unknown[]) => {
    const result = query.apply(client, args);
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string' && transactionEdge.test(text) && result instanceof Promise) {
      result.catch((err: Error) => giveBack(err));
    }
    return result;
  }) as typeof client.query;
  return client;
}

export function openPostgres(url: string, options: PostgresOptions = {}): DatabaseHandle {
  const onError = options.onError ?? (() => {});
  const pool = listen(new OutagePool(poolConfig(url, options.max ?? 10)), onError);
  const db = drizzlePostgres({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    migrate: () => migrateExclusively(url, onError, () => migratePostgres(db, { migrationsFolder })),
    close: () => pool.end(),
  };
}

/**
 * Several service instances may start at once against one server; drizzle's migrator does not lock,
 * so the first takes a session advisory lock on a connection of its own and the rest wait, then
 * find nothing left to do.
 */
async function migrateExclusively(
  url: string,
  onError: (err: Error) => void,
  migrate: () => Promise<void>,
): Promise<void> {
  // No statement timeout here: waiting for another instance's migration is the point.
  const lock = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  lock.on('error', onError);
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(hashtext('vertraulich:migrate'))`);
    await migrate();
  } finally {
    await lock.end();
  }
}
