import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

// The master key comes from MASTER_KEY, or else from $DATA_DIR/master.key, which is made once from
// the operating system's random source with mode 0600 (CONTRACT.md "Configuration"). Losing it makes
// every stored password unreadable, so an existing file is never overwritten.

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

export interface MasterKeySource {
  masterKey: Buffer | undefined;
  dataDir: string;
}

function parseKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new MasterKeyError(`${where} must hold base64 of exactly 32 bytes`);
  return key;
}

export function masterKeyPath(dataDir: string): string {
  return path.join(dataDir, 'master.key');
}

export async function loadMasterKey(source: MasterKeySource): Promise<Buffer> {
  if (source.masterKey) return parseKey(source.masterKey.toString('base64'), 'MASTER_KEY');
  const file = masterKeyPath(source.dataDir);
  await mkdir(source.dataDir, { recursive: true });
  // Written to a private temporary file, then hard-linked into place: link() fails when the key
  // exists, so two processes starting at once agree on one key and nobody reads a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new MasterKeyError(`cannot create ${file}: ${(err as Error).message}`);
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new MasterKeyError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return parseKey(text, file);
}
