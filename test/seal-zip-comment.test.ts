import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sealOptions } from '../api/i18n/seal-texts';
import { seal } from '../api/seal/index';
import { extractWith7z, listWith7z, parseSealed, requireTool } from './helpers/sealed';

// Issue 14, "a header is never invented": the message id a reply needs is the ZIP's archive comment,
// and the .eml inside keeps the original's header block as it was, with AES-256 and with ZipCrypto.

const run = promisify(execFile);

const original = Buffer.from(
  [
    'From: Dr. Anna Schaefer <praxis@example.org>',
    'To: patient@example.net',
    'Subject: Ihr Befund',
    'Date: Mon, 2 Mar 2026 09:15:00 +0100',
    'Message-ID: <befund-1@praxis.example.org>',
    'X-Mailer: Praxisprogramm 7',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Die Werte sind unauffaellig.',
    '',
  ].join('\r\n'),
);

/** The same with an attachment: the .eml goes without it, the header block stays as it was. */
const withAttachment = Buffer.from(
  [
    'From: praxis@example.org',
    'To: patient@example.net',
    'Subject: Befund mit Anhang',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Siehe Anhang.',
    '--b1',
    'Content-Type: application/pdf; name="befund.pdf"',
    'Content-Disposition: attachment; filename="befund.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 vertraulich').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n'),
);

function headerBlock(eml: Buffer): string {
  const end = eml.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('no end of the header block');
  return eml.subarray(0, end + 2).toString('latin1');
}

/** The archive comment as the real 7-Zip lists it, without the password. */
async function commentWith7z(zip: Uint8Array): Promise<string | undefined> {
  // `7z l` prints the archive's comment as `Comment = …` in its archive block (before the entries).
  const listing = await listWith7z(zip);
  const archiveBlock = listing.split(/^-{5,}$/m)[0] ?? '';
  return /^Comment = (.*)$/m.exec(archiveBlock)?.[1]?.trim();
}

describe.each(['aes256', 'zipcrypto'] as const)('seal() with a message id, %s', (zip) => {
  it.each([
    ['a plain message', original],
    ['a message with an attachment', withAttachment],
  ])('keeps the header block of %s byte for byte and names the id in the ZIP comment', async (_, raw) => {
    const result = await seal({ raw }, sealOptions({ zip, messageId: 'msg_Abc-123_x' }));
    const sealed = await parseSealed(result.sealedMessage);
    const eml = (await extractWith7z(sealed.zip, result.password)).get('nachricht.eml');
    if (!eml) throw new Error('no nachricht.eml in the ZIP');
    expect(headerBlock(eml)).toBe(headerBlock(raw));
    expect(eml.toString('latin1')).not.toMatch(/^X-Vertraulich/im);
    expect(await commentWith7z(sealed.zip)).toBe('vertraulich:msg_Abc-123_x');
  });

  it('writes no comment without a message id', async () => {
    const result = await seal({ raw: original }, sealOptions({ zip }));
    expect(await commentWith7z((await parseSealed(result.sealedMessage)).zip)).toBeUndefined();
  });
});

describe('the ZIP comment', () => {
  it('ends the archive, where unpackers look for it: bsdtar still lists the one entry', async () => {
    await requireTool('bsdtar');
    const result = await seal({ raw: original }, sealOptions({ messageId: 'msg_1' }));
    const { zip } = await parseSealed(result.sealedMessage);
    const dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-comment-'));
    try {
      const file = path.join(dir, 'sealed.zip');
      await writeFile(file, zip);
      // The comment sits after the central directory; a reader that took it for data would fail here.
      const { stdout } = await run('bsdtar', ['-tf', file]);
      expect(stdout.trim().split('\n')).toEqual(['nachricht.eml']);
      // The last bytes of the file are the comment itself (APPNOTE 4.3.16: the comment ends the EOCD).
      expect(zip.subarray(zip.length - 'vertraulich:msg_1'.length).toString('latin1')).toBe(
        'vertraulich:msg_1',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
