import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sealOptions } from '../api/i18n/seal-texts';
import { seal } from '../api/seal/index';
import { extractWith7z, parseSealed, pdfToText } from './helpers/sealed';

// CONTRACT.md "The sealed message": the .eml in the ZIP keeps every header of the original as it
// was, minus only what belongs to the attachments taken out, and never gains one; the PDF shows a
// header no parser could read as it stands. The obsolete syntax of RFC 5322 §4 (example 13 of the
// public mail-gem corpus: `From  : John Doe <…>`) made mailparser lose From and To and put today's
// date in place of the unreadable one.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example13 = readFileSync(path.join(root, 'test/fixtures/mail-gem/rfc2822/example13.eml'));

function headerBlock(eml: Buffer): string {
  const text = eml.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

async function open(raw: Buffer) {
  const result = await seal({ raw }, sealOptions({ language: 'en', now: new Date('2030-01-02T03:04:05Z') }));
  const sealed = await parseSealed(result.sealedMessage);
  const files = await extractWith7z(sealed.zip, result.password);
  return { result, files, pdf: await pdfToText(sealed.pdf, result.password) };
}

describe('the original header in the sealed message', () => {
  it('keeps an obsolete-syntax header block byte for byte and shows its fields in the PDF as written', async () => {
    const { result, files, pdf } = await open(example13);
    expect(result.fallbackToOriginal).toBe(false);
    expect(files.get('message.eml')?.equals(example13)).toBe(true);
    expect(pdf).toContain('John Doe <jdoe@machine(comment). example>');
    expect(pdf).toContain('Mary Smith');
    expect(pdf).toContain('Fri, 21 Nov 1997 09(comment): 55 : 06 -0600');
    expect(pdf).toContain('Saying Hello');
    // Never the time of sealing in place of the sender's date.
    expect(pdf).not.toMatch(/2030/);
  });

  it('takes out an attachment and leaves every other header and line of the original as it was', async () => {
    const raw = Buffer.from(
      [
        'From  : John Doe <jdoe@example.org>',
        'To    : Mary Smith <mary@example.net>',
        'Subject     : Befund',
        'X-Odd-Header: kept (as written)',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Anbei der Befund.',
        '--b1',
        'Content-Type: application/pdf; name="HIV-Befund_Max_Mustermann.pdf"',
        'Content-Disposition: attachment; filename="HIV-Befund_Max_Mustermann.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 geheim').toString('base64'),
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const { files, pdf } = await open(raw);
    expect([...files.keys()].sort()).toEqual(['Attachment-01.pdf', 'message.eml']);
    expect(files.get('Attachment-01.pdf')?.toString()).toBe('%PDF-1.4 geheim');
    const eml = files.get('message.eml') ?? Buffer.alloc(0);
    expect(headerBlock(eml)).toBe(headerBlock(raw));
    expect(eml.toString()).toContain(
      '--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAnbei der Befund.\r\n',
    );
    expect(eml.toString()).not.toMatch(/^Date:/im);
    expect(eml.toString()).not.toMatch(/^Message-ID:/im);
    expect(pdf).toContain('John Doe <jdoe@example.org>');
    expect(pdf).toContain('HIV-Befund_Max_Mustermann.pdf (15 B) → Attachment-01.pdf');
    expect(pdf).not.toMatch(/Date:/);
  });
});
