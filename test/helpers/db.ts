import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { type DatabaseHandle, migrationsFolder, openPostgres, wrapPglite } from '../../db/client';

// A freshly migrated database per test file, on the back end named by TEST_DATABASE (vitest.config.ts
// runs every *.db.test.ts once with `pglite` and once with `postgres`).
//
// PGlite: creating a data directory costs ~3 s; loading a gzip dump of a migrated one ~0.9 s; emptying
// the tables of one a file is done with ~0.1 s, so a worker keeps the instances its files closed and
// hands them out again. The dump is made once per PGlite version and set of migrations and kept in the
// OS temp dir, keyed by both.
// PostgreSQL: a migrated template database is made once per set of migrations; each test file gets
// `CREATE DATABASE … TEMPLATE` of it, dropped again at close.

export type TestDatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase extends DatabaseHandle {
  /** For PostgreSQL, the URL of this test's own database (e.g. to hand to a spawned `serve`). */
  url: string | undefined;
  /** The test is done with it: thrown away (PostgreSQL) or emptied for the next file (PGlite). */
  close(): Promise<void>;
  /** Takes the database away now, for good, under whoever still uses it (an outage). */
  stop(): Promise<void>;
}

export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.TEST_DATABASE ?? 'pglite';
  if (kind !== 'pglite' && kind !== 'postgres') {
    throw new Error(`TEST_DATABASE must be pglite or postgres, not '${kind}'`);
  }
  return kind;
}

/** The admin connection for test databases (trust auth on the local server, database `test`). */
export function postgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest('hex').slice(0, 16);
}

/** PGlite's version and the migrations: what a made database depends on. */
function templateKey(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return `${version}-${migrationsHash()}`;
}

const templates = path.join(os.tmpdir(), 'vertraulich-test');

async function pgliteTemplate(): Promise<Buffer> {
  const dir = templates;
  const file = path.join(dir, `pglite-${templateKey()}.tar.gz`);
  try {
    return readFileSync(file);
  } catch {
    // Made below; two workers racing both make it and the rename keeps one.
  }
  const client = await PGlite.create();
  const handle = wrapPglite(client);
  await handle.migrate();
  const dump = await client.dumpDataDir('gzip');
  await handle.close();
  const bytes = Buffer.from(await dump.arrayBuffer());
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return bytes;
}

/**
 * PGlite instances a test file is done with, emptied and kept for the next file of this worker
 * (vitest runs a worker's files one after another in one module cache, vitest.config.ts): loading
 * the dump costs ~1 s of CPU a file, emptying the tables ~0.1 s.
 */
const idle: PGlite[] = [];

/**
 * Every table of the application emptied, identities restarted, the session as a new one: the
 * state of a freshly loaded dump. drizzle's own record of the migrations (schema `drizzle`) stays.
 */
async function empty(client: PGlite): Promise<void> {
  await client.exec('rollback');
  const { rows } = await client.query<{ name: string }>(
    "select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'public'",
  );
  if (rows.length > 0) {
    await client.exec(`truncate ${rows.map((r) => r.name).join(', ')} restart identity cascade`);
  }
  await client.exec('discard all');
}

/** Back into the pool if it can be emptied within 5 s (a statement still holding it cannot). */
async function recycle(client: PGlite): Promise<void> {
  if (client.closed) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'gave up'>((resolve) => {
    timer = setTimeout(() => resolve('gave up'), 5_000);
  });
  try {
    const outcome = await Promise.race([empty(client).then(() => 'emptied' as const), gaveUp]);
    if (outcome === 'emptied') idle.push(client);
    else void client.close().catch(() => {});
  } catch {
    await client.close().catch(() => {});
  } finally {
    clearTimeout(timer);
  }
}

/** The migrated dump as PGlite's `loadDataDir` takes it (without the gzip type it reads a plain tar and hangs). */
async function templateDump(): Promise<Blob> {
  return new Blob([new Uint8Array(await pgliteTemplate())], { type: 'application/x-gzip' });
}

async function createPglite(): Promise<TestDatabase> {
  const client = idle.pop() ?? (await PGlite.create({ loadDataDir: await templateDump() }));
  const handle = wrapPglite(client);
  let done = false;
  return {
    ...handle,
    url: undefined,
    async close() {
      if (done) return;
      done = true;
      await recycle(client);
    },
    async stop() {
      if (done) return;
      done = true;
      await handle.close();
    },
  };
}

/**
 * A migrated PGlite data directory, unpacked once from the dump above (per PGlite version and set of
 * migrations), copied to `<dataDir>/pglite` for a service a test starts there (in-process or
 * `serve`): PGlite takes ~4 s of CPU to create a data directory, the copy ~0.4 s. Tests of a fresh
 * DATA_DIR itself do not seed.
 */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  const template = path.join(templates, `pglite-dir-${templateKey()}`);
  if (!existsSync(path.join(template, 'PG_VERSION'))) {
    mkdirSync(templates, { recursive: true });
    const building = mkdtempSync(`${template}.build-`);
    await (await PGlite.create(building, { loadDataDir: await templateDump() })).close();
    try {
      renameSync(building, template);
    } catch {
      // Another worker was first (the directory is there and not empty): theirs is the same.
      rmSync(building, { recursive: true, force: true });
    }
  }
  await cp(template, path.join(dataDir, 'pglite'), { recursive: true });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function postgresTemplate(admin: postgres.Sql): Promise<string> {
  const name = `vt_template_${migrationsHash()}`;
  // One worker migrates the template; the others wait on the advisory lock and then find it made.
  await admin.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${name}))`;
    const exists = await tx`select 1 from pg_database where datname = ${name}`;
    if (exists.length > 0) return;
    const building = `${name}_build_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database "${building}"`);
    const handle = openPostgres(withDatabase(postgresAdminUrl(), building), { max: 1 });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
    await admin.unsafe(`alter database "${building}" rename to "${name}"`);
  });
  return name;
}

async function createPostgres(): Promise<TestDatabase> {
  const admin = postgres(postgresAdminUrl(), { max: 2, onnotice: () => {} });
  try {
    const template = await postgresTemplate(admin);
    const name = `vt_test_${randomBytes(6).toString('hex')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        // Two CREATE DATABASE … TEMPLATE at the same moment: "source database is being accessed".
        if (attempt >= 20 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    const url = withDatabase(postgresAdminUrl(), name);
    const handle = openPostgres(url, { max: 5 });
    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= handle.close();
      return stopped;
    };
    return {
      ...handle,
      url,
      stop,
      async close() {
        await stop();
        const dropper = postgres(postgresAdminUrl(), { max: 1, onnotice: () => {} });
        try {
          await dropper.unsafe(`drop database if exists "${name}" with (force)`);
        } finally {
          await dropper.end({ timeout: 5 });
        }
      },
    };
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** A freshly migrated, empty database of its own for one test file; close() throws it away. */
export async function createTestDatabase(): Promise<TestDatabase> {
  return testDatabaseKind() === 'postgres' ? createPostgres() : createPglite();
}

/** Rows of a raw query on either driver (postgres-js answers an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: DatabaseHandle['db'], query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
