import { createDecipheriv, randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfToText, qpdfEncryption } from '../../test/helpers/sealed';
import { encryptionEntries, encryptPdf, hash2B } from './pdf-encryption';

const password = 'Kx7m-P2qr-9Tzb-W4nd-Hs3e';

// Known answers from qpdf 11.3: `qpdf --encrypt 'Kx7m-P2qr-9Tzb-W4nd-Hs3e' 'Öwner-päss' 256` on a
// blank page, its /U and /O read back (hash ‖ validation salt ‖ key salt).
const QPDF_U = Buffer.from(
  '6bda3a74c2d9febf07e324a485e2fff72b8f094caa400ac0213fc9e6e6310af1b4b02ae62fa1551049f76d7704f41719',
  'hex',
);
const QPDF_O = Buffer.from(
  '3e30b0282ae0f9a06fb9f94deb94c65d0a4aa65842aa14131c73e00c3de238a44c6aa2688ac47cdf38f4230c8fb3f62b',
  'hex',
);

function decryptNoPadding(mode: string, key: Buffer, iv: Buffer | null, data: Buffer): Buffer {
  const decipher = createDecipheriv(mode, key, iv);
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

async function encryptedDocument(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Vertrauliche Nachricht');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Die Werte sind im Normbereich.', { x: 50, y: 700, size: 12, font });
  encryptPdf(doc, password);
  return doc.save({ useObjectStreams: true });
}

describe('hash2B (ISO 32000-2 Algorithm 2.B)', () => {
  it('gives the user hash qpdf wrote', () => {
    const pw = Buffer.from(password);
    expect(hash2B(pw, QPDF_U.subarray(32, 40), Buffer.alloc(0))).toEqual(QPDF_U.subarray(0, 32));
  });

  it('gives the owner hash qpdf wrote, over U and a UTF-8 password', () => {
    const owner = Buffer.from('Öwner-päss', 'utf8');
    expect(hash2B(owner, QPDF_O.subarray(32, 40), QPDF_U)).toEqual(QPDF_O.subarray(0, 32));
  });
});

describe('encryptionEntries', () => {
  it('lets the user password unwrap the file key and check the permissions (Algorithms 2.A, 13)', () => {
    const fileKey = randomBytes(32);
    const e = encryptionEntries(password, fileKey);
    const pw = Buffer.from(password);
    expect(hash2B(pw, e.U.subarray(32, 40), Buffer.alloc(0))).toEqual(e.U.subarray(0, 32));
    const unwrapKey = hash2B(pw, e.U.subarray(40, 48), Buffer.alloc(0));
    expect(decryptNoPadding('aes-256-cbc', unwrapKey, Buffer.alloc(16), e.UE)).toEqual(fileKey);
    const perms = decryptNoPadding('aes-256-ecb', fileKey, null, e.Perms);
    expect(perms.readInt32LE(0)).toBe(e.P);
    expect(perms.subarray(4, 12).toString('latin1')).toBe('\xff\xff\xff\xffTadb');
  });

  it('draws fresh salts and no owner entry that any password matches', () => {
    const a = encryptionEntries(password, randomBytes(32));
    const b = encryptionEntries(password, randomBytes(32));
    expect(a.U.subarray(32)).not.toEqual(b.U.subarray(32));
    expect(a.O).not.toEqual(b.O);
    const pw = Buffer.from(password);
    expect(hash2B(pw, a.O.subarray(32, 40), a.U)).not.toEqual(a.O.subarray(0, 32));
  });
});

describe('encryptPdf', () => {
  it('opens with the password in pdf-lib, qpdf and pdftotext, and with no other', async () => {
    const pdf = await encryptedDocument();
    const opened = await PDFDocument.load(pdf, { password });
    expect(opened.getPageCount()).toBe(1);
    await expect(PDFDocument.load(pdf, { password: 'falsch' })).rejects.toThrow();
    const shown = await qpdfEncryption(pdf, password);
    expect(shown).toContain('R = 6');
    expect(shown).toContain('Supplied password is user password');
    expect(shown).toContain('stream encryption method: AESv3');
    expect(shown).toContain('print high resolution: allowed');
    expect(shown).toContain('modify anything: not allowed');
    expect(await pdfToText(pdf, password)).toContain('Die Werte sind im Normbereich.');
    await expect(qpdfEncryption(pdf, 'falsch')).rejects.toThrow(/does not open/);
  });

  it('keeps the title unreadable without the password', async () => {
    const pdf = Buffer.from(await encryptedDocument());
    expect(pdf.includes('Vertrauliche')).toBe(false);
    expect(pdf.includes('Normbereich')).toBe(false);
    expect(pdf.includes('/Encrypt')).toBe(true);
  });
});
