import { closeSync, constants, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { tryLock, unlock } from 'fs-native-extensions';

// PGlite is a database inside one process: two processes opening the same data directory would
// corrupt it. Whoever opens it holds an exclusive advisory lock on `$DATA_DIR/pglite.lock`, taken
// with fcntl(F_OFD_SETLK) through fs-native-extensions (prebuilt for Linux, macOS and Windows, where it
// uses LockFileEx). The kernel drops that lock with the process however it ends (kill -9, OOM, a
// container restart), so no stale lock is ever left to judge; a pid file cannot tell a dead holder
// from a new process that got the same pid (pid 1 in every container). proper-lockfile was not used:
// it judges staleness by the lock's mtime, so a crashed holder blocks start-up until it goes stale,
// and a paused one can lose its lock. The file also holds the pid, only to name the holder when
// refusing.

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, 'pglite.lock');
}

function holderPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the data directory for this process; returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o600);
  let locked: boolean;
  try {
    locked = tryLock(fd);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  if (!locked) {
    closeSync(fd);
    // The lock is per open file, so a second open in this same process is refused too.
    const holder = holderPid(file);
    const who =
      holder === process.pid ? 'this process' : `another vertraulich process (pid ${holder ?? '?'})`;
    throw new DatabaseInUseError(
      `the embedded database in ${dataDir} is in use by ${who}; ` +
        'stop the service first, or point DATABASE_URL at a PostgreSQL server',
    );
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`, 0);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    unlock(fd);
    closeSync(fd);
  };
}
