import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMasterKey, MasterKeyError, masterKeyPath } from './master-key';
import { createSecretBox, SecretBoxError } from './secret-box';

describe('master key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a 32-byte key once in DATA_DIR/master.key with mode 0600 and reuses it', async () => {
    const first = await loadMasterKey({ masterKey: undefined, dataDir: dir });
    expect(first).toHaveLength(32);
    const st = await stat(masterKeyPath(dir));
    expect(st.mode & 0o777).toBe(0o600);
    const again = await loadMasterKey({ masterKey: undefined, dataDir: dir });
    expect(again.equals(first)).toBe(true);
  });

  it('agrees on one key when several start at once', async () => {
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadMasterKey({ masterKey: undefined, dataDir: dir })),
    );
    const file = Buffer.from((await readFile(masterKeyPath(dir), 'utf8')).trim(), 'base64');
    for (const k of keys) expect(k.equals(file)).toBe(true);
  });

  it('prefers MASTER_KEY and writes no file', async () => {
    const given = Buffer.alloc(32, 7);
    const key = await loadMasterKey({ masterKey: given, dataDir: dir });
    expect(key.equals(given)).toBe(true);
    await expect(stat(masterKeyPath(dir))).rejects.toThrow();
  });

  it('refuses a key file of the wrong length, naming the file', async () => {
    await writeFile(masterKeyPath(dir), Buffer.alloc(16).toString('base64'));
    const err = await loadMasterKey({ masterKey: undefined, dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MasterKeyError);
    expect((err as Error).message).toContain('master.key');
  });
});

describe('secret box', () => {
  const box = createSecretBox(Buffer.alloc(32, 1));

  it('round-trips text, umlauts and emoji, with a fresh IV each time', () => {
    const a = box.encrypt('Kx7m-P2qr-9Tzb äöü 🔒', 'msg_1');
    const b = box.encrypt('Kx7m-P2qr-9Tzb äöü 🔒', 'msg_1');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(a).not.toContain('Kx7m');
    expect(box.decrypt(a, 'msg_1')).toBe('Kx7m-P2qr-9Tzb äöü 🔒');
  });

  it('does not decrypt under another context, another key or after tampering', () => {
    const sealed = box.encrypt('secret', 'msg_1');
    expect(() => box.decrypt(sealed, 'msg_2')).toThrow(SecretBoxError);
    expect(() => createSecretBox(Buffer.alloc(32, 2)).decrypt(sealed, 'msg_1')).toThrow(SecretBoxError);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[14] = (raw[14] ?? 0) ^ 1;
    expect(() => box.decrypt(`v1.${raw.toString('base64url')}`, 'msg_1')).toThrow(SecretBoxError);
    expect(() => box.decrypt('v9.abc', 'msg_1')).toThrow(/format/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox(Buffer.alloc(31))).toThrow(SecretBoxError);
  });
});
