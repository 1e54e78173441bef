import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MailTransport } from './transport';

// Without SMTP_URL each sealed mail is written to $DATA_DIR/outbox/<time>-<random>.eml, next to a
// <same>.envelope.json holding the envelope (Bcc recipients are only there). Written to a temporary
// name and renamed, so a reader never sees half a file.

async function writeAtomically(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, data, { mode: 0o600 });
  await rename(tmp, file);
}

export function createOutboxFolderTransport(dir: string): MailTransport {
  let ready: Promise<unknown> | undefined;
  return {
    description: `outbox folder ${dir}`,
    async send(envelope, raw) {
      ready ??= mkdir(dir, { recursive: true, mode: 0o700 });
      await ready;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const base = path.join(dir, `${stamp}-${randomBytes(6).toString('hex')}`);
      // The envelope first: whoever picks up the .eml finds its envelope already there.
      await writeAtomically(`${base}.envelope.json`, `${JSON.stringify(envelope)}\n`);
      await writeAtomically(`${base}.eml`, raw);
      return { accepted: envelope.to.slice(), rejected: [], reference: `${base}.eml` };
    },
    async close() {},
  };
}
