import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config';

// DATA_DIR holds the embedded database, the local outboxes and the master key: the service's whole
// memory. It is created 0700, and the commands run with umask 077 (api/cli.ts), so everything made
// in it is 0600. A DATA_DIR that others can read stops start-up: its files may already be exposed,
// and the service would keep adding to them (a umask of 022 left the PGlite files readable by all).
// PGlite sets 0666 on the files it writes whatever the umask; the 0700 directory keeps others out of
// them, and privateFiles() brings them back to 0600 at start-up and when a command closes the database.

/** Files 0600 and directories 0700 under `dir` (symbolic links are left alone). */
export function privateFiles(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = lstatSync(file);
    if (stat.isSymbolicLink() || (stat.mode & 0o077) === 0) continue;
    chmodSync(file, stat.isDirectory() ? 0o700 : stat.mode & 0o700);
  }
}

/** Creates DATA_DIR (0700) if missing; throws ConfigError naming the fix when others can read it. */
export function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(
      `DATA_DIR ${dir} can be read by others (mode ${mode.toString(8).padStart(3, '0')}); ` +
        `make it private with: chmod 700 '${dir}' (and chmod 600 for the files in it)`,
    );
  }
  privateFiles(dir);
}
