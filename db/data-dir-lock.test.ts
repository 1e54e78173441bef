import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDataDir, pidFilePath } from './data-dir-lock';

const fresh = () => mkdtempSync(path.join(os.tmpdir(), 'vt-lock-'));

describe('the embedded database lock', () => {
  it('is taken with this pid and given back', () => {
    const dir = fresh();
    const release = lockDataDir(dir);
    expect(readFileSync(pidFilePath(dir), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(existsSync(pidFilePath(dir))).toBe(false);
  });

  it('cannot be taken twice', () => {
    const dir = fresh();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
    release();
  });

  it('refuses, naming the pid, while another live process holds it', async () => {
    const dir = fresh();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(pidFilePath(dir), `${other.pid}\n`);
      expect(() => lockDataDir(dir)).toThrow(
        new RegExp(`in use by another vertraulich process \\(pid ${other.pid}\\)`),
      );
    } finally {
      other.kill();
    }
  });

  it('takes over a pid file left by a process that has died', async () => {
    const dir = fresh();
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await once(gone, 'exit');
    writeFileSync(pidFilePath(dir), `${gone.pid}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(pidFilePath(dir), 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('takes over an unreadable pid file', () => {
    const dir = fresh();
    writeFileSync(pidFilePath(dir), 'garbage');
    lockDataDir(dir)();
  });
});
