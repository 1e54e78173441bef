import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { DatabaseInUseError, lockDataDir, lockFilePath } from './data-dir-lock';

const fresh = () => mkdtempSync(path.join(os.tmpdir(), 'vt-lock-'));

/** A child process holding the lock of `dir` until killed; resolves once it holds it. */
async function holderProcess(dir: string, openPglite = false): Promise<ChildProcess> {
  const lockModule = path.join(import.meta.dirname, 'data-dir-lock.ts');
  const clientModule = path.join(import.meta.dirname, 'client.ts');
  const code = openPglite
    ? `const { openDatabase } = await import(${JSON.stringify(clientModule)});
       const h = await openDatabase({ dataDir: ${JSON.stringify(dir)}, databaseUrl: undefined });
       await h.migrate();`
    : `const { lockDataDir } = await import(${JSON.stringify(lockModule)}); lockDataDir(${JSON.stringify(dir)});`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `${code} console.log('LOCKED'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('LOCKED')) resolve();
    });
    child.once('exit', (c) => reject(new Error(`holder exited with ${c}`)));
  });
  return child;
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('the embedded database lock', () => {
  it('is taken, names this pid, and is given back', () => {
    const dir = fresh();
    const release = lockDataDir(dir);
    expect(readFileSync(lockFilePath(dir), 'utf8').trim()).toBe(String(process.pid));
    release();
    lockDataDir(dir)();
  });

  it('cannot be taken twice in one process', () => {
    const dir = fresh();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/in use by this process/);
    release();
  });

  it('refuses, naming the pid, while another live process holds it', async () => {
    const dir = fresh();
    const other = await holderProcess(dir);
    try {
      expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
      expect(() => lockDataDir(dir)).toThrow(
        new RegExp(`in use by another vertraulich process \\(pid ${other.pid}\\)`),
      );
    } finally {
      await kill9(other);
    }
  }, 30_000);

  it('is free the moment its holder is killed with -9', async () => {
    const dir = fresh();
    await kill9(await holderProcess(dir));
    lockDataDir(dir)();
  }, 30_000);

  it('opens PGlite after kill -9 although the lock file names this very pid (a container restart)', async () => {
    const dir = fresh();
    const crashed = await holderProcess(dir, true);
    await kill9(crashed);
    // In a container the restarted service is pid 1 again, as the dead one was.
    writeFileSync(lockFilePath(dir), `${process.pid}\n`);
    writeFileSync(path.join(dir, 'pglite.pid'), `${process.pid}\n`);
    const handle = await openDatabase({ dataDir: dir, databaseUrl: undefined });
    try {
      await handle.migrate();
      const result = (await handle.db.execute(sql`select count(*)::int as n from accounts`)) as unknown as {
        rows: { n: number }[];
      };
      expect(result.rows[0]?.n).toBe(0);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
