import { PDFDocument, rgb } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfToText } from '../../test/helpers/sealed';
import { FontSet } from './fonts';
import { encryptPdf } from './pdf-encryption';

const password = 'Test-Pass-Word-2345';

/** One PDF page with each line drawn run by run, as pdf.ts draws it. */
async function draw(lines: string[]): Promise<{ pdf: Uint8Array; fonts: string[] }> {
  const doc = await PDFDocument.create();
  const fonts = new FontSet(doc);
  const page = doc.addPage([595, 842]);
  let y = 800;
  const used = new Set<string>();
  for (const line of lines) {
    let x = 40;
    for (const run of await fonts.runs('regular', line, 10)) {
      page.drawText(run.text, { x, y, size: 10, font: run.font, color: rgb(0, 0, 0) });
      used.add(run.font.ref.toString());
      x += run.width;
    }
    y -= 14;
  }
  encryptPdf(doc, password);
  return { pdf: await doc.save({ useObjectStreams: true }), fonts: [...used] };
}

const printable = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join('');

describe('the prepared faces', () => {
  it('read back every character of ASCII and Latin-1 they draw (their ToUnicode maps)', async () => {
    // No-break space and soft hyphen are left out: readers show them as a space and as nothing.
    const ascii = printable(0x21, 0x7e);
    const latin1 = printable(0xa1, 0xff).replace('\u00ad', '');
    const punctuation = '‐–—‘’‚“”„†‡•…‰′″‹›€™−';
    const { pdf, fonts } = await draw([ascii, latin1, punctuation]);
    expect(fonts).toHaveLength(1);
    const text = (await pdfToText(pdf, password)).replace(/\s+/g, '');
    expect(text).toBe(ascii + latin1 + punctuation);
  });

  it("draw the attachment list's arrow, which Noto Sans lacks, from a second one", async () => {
    const { pdf, fonts } = await draw(['• befund.txt (1,5 KB) → anhang-1.txt ←↑↓']);
    expect(fonts).toHaveLength(2);
    expect((await pdfToText(pdf, password)).trim()).toBe('• befund.txt (1,5 KB) → anhang-1.txt ←↑↓');
  });

  it('leave characters outside their sets to fonts subset for the document, in the same line', async () => {
    const line = 'Łukasz Dvořák Ελληνικά Кириллица 日本語 😀 – Grüße';
    const { pdf, fonts } = await draw([line]);
    expect(fonts.length).toBeGreaterThan(2);
    expect((await pdfToText(pdf, password)).trim()).toBe(line);
  });

  it('keep a short Latin message small: the prepared sets, not the whole fonts', async () => {
    const { pdf } = await draw(['Sehr geehrte Frau Schmidt, anbei Ihr Befund. Mit freundlichen Grüßen']);
    expect(pdf.length).toBeLessThan(24 * 1024);
  });
});
