import { type Database, type DatabaseKind, openDatabase } from '../../db/client';
import { DatabaseInUseError } from '../../db/data-dir-lock';
import { ConfigError, loadConfig } from '../config';
import { prepareDataDir, privateFiles } from '../data-dir';
import { AppError } from '../errors';

// `vertraulich migrate`, and the way every database command opens the database: config from the
// environment, the same client as `serve`, migrations applied first (idempotent), closed at the end.
// Expected failures (bad config, embedded database in use, bad input) become one plain line on
// stderr and exit 1; the JSON result goes to stdout.

export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a command does with the open database; its JSON result goes to stdout. */
export type DatabaseWork = (db: Database, kind: DatabaseKind) => Promise<unknown>;

/**
 * `prepare` checks the command's arguments and returns its work: a mistake is named before the
 * database is opened (so also while the service holds it), and costs no database start.
 */
export async function withDatabase(command: string, prepare: () => DatabaseWork): Promise<number> {
  try {
    const work = prepare();
    const config = loadConfig();
    if (!config.databaseUrl) prepareDataDir(config.dataDir);
    const handle = await openDatabase(config);
    try {
      await handle.migrate();
      const result = await work(handle.db, handle.kind);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    } finally {
      await handle.close();
      if (!config.databaseUrl) privateFiles(config.dataDir);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vertraulich ${command}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof DatabaseInUseError || err instanceof AppError) {
      const fields =
        err instanceof AppError && err.errors
          ? ` (${err.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})`
          : '';
      process.stderr.write(`vertraulich ${command}: ${err.message}${fields}\n`);
      return 1;
    }
    throw err;
  }
}

export async function run(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write('vertraulich migrate: takes no arguments\n');
    return 2;
  }
  return withDatabase('migrate', () => async (_db, kind) => ({ migrated: true, database: kind }));
}
