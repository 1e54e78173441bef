import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, freePort, runCli, startServe, tempDir } from './helpers/cli';

// Issue 14 "Private data": with umask 022 the embedded database files came out readable by every
// user of the machine and DATA_DIR 0755. Every command runs with umask 077, DATA_DIR is made 0700,
// and a DATA_DIR others can read stops the command with the fix in plain words.

function modes(dir: string): { file: string; mode: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((e) => {
    const file = path.join(e.parentPath, e.name);
    return { file, mode: statSync(file).mode & 0o777 };
  });
}

describe('DATA_DIR', () => {
  it('is made 0700 with every file in it private, whatever the umask of the shell', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const old = process.umask(0o022);
    try {
      const res = await runCli(['migrate'], cleanEnv({ DATA_DIR: dataDir }));
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
    } finally {
      process.umask(old);
    }
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const all = modes(dataDir);
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter((f) => (f.mode & 0o077) !== 0)).toEqual([]);
  });

  it('holds only private files after serve ran and stopped', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const port = await freePort();
    const old = process.umask(0o022);
    let serve: Awaited<ReturnType<typeof startServe>>;
    try {
      serve = await startServe(
        cleanEnv({ DATA_DIR: dataDir, PORT: String(port), SMTP_GATEWAY_PORT: String(await freePort()) }),
        port,
      );
    } finally {
      process.umask(old);
    }
    expect(await serve.stop()).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(modes(dataDir).filter((f) => (f.mode & 0o077) !== 0)).toEqual([]);
  }, 200_000);

  it('stops a command when others can read it, and says how to fix it', async () => {
    const dataDir = path.join(tempDir(), 'open-data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    for (const command of [['migrate'], ['serve']]) {
      const res = await runCli(command, cleanEnv({ DATA_DIR: dataDir }));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`chmod 700 '${dataDir}'`);
      expect(res.stderr).toMatch(/can be read by others \(mode 755\)/);
    }
  });
});
