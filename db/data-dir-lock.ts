import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// PGlite is a database inside one process: two processes opening the same data directory would
// corrupt it. Whoever opens it writes its pid to `$DATA_DIR/pglite.pid`; a second opener finds a live
// pid there and refuses in plain words. A pid file left by a crashed process is taken over.

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function pidFilePath(dataDir: string): string {
  return path.join(dataDir, 'pglite.pid');
}

/** Takes the data directory for this process; returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = pidFilePath(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (readPid(file) === process.pid) rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readPid(file);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseInUseError(
          `the embedded database in ${dataDir} is in use by another vertraulich process (pid ${holder}); ` +
            'stop the service first, or point DATABASE_URL at a PostgreSQL server',
        );
      }
      if (holder === process.pid) {
        throw new DatabaseInUseError(`the embedded database in ${dataDir} is already open in this process`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseInUseError(`could not take the embedded database in ${dataDir}; try again`);
}
