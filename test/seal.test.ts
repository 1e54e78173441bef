import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type Mail from 'nodemailer/lib/mailer';
import { beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../api/seal/index';
import type { SealResult } from '../api/seal/types';
import {
  composeMail,
  extractWith7z,
  extractWithBsdtar,
  listWith7z,
  parseSealed,
  pdfToText,
  qpdfEncryption,
  type Sealed,
} from './helpers/sealed';

// Seals a realistic message (umlauts, Japanese, emoji, an inline image, awkward attachment names)
// and opens the result the way a recipient would.

const photo = randomBytes(300_000); // incompressible, like a JPEG
const report = Buffer.from('%PDF-1.4 Befund Seite 1\n'.repeat(2000));
const evil = Buffer.from('nicht ausserhalb des Archivs');
const logo = randomBytes(2_000);

const original: Mail.Options = {
  from: { name: 'Dr. Jana Öztürk', address: 'jana@praxis-oeztuerk.de' },
  to: [{ name: 'Max Mustermann', address: 'max@example.org' }, '+4917055555555@sms.local'],
  cc: 'kanzlei@example.net',
  bcc: 'geheim-bcc@example.com',
  subject: 'Laborbefund Zwölffingerdarm 2024',
  text: 'Sehr geehrter Herr Mustermann, anbei Ihr Röntgenbefund. 日本語の説明も添付します 🩺🎉 Grüße',
  html: '<p>Sehr geehrter Herr Mustermann, anbei Ihr <b>Röntgenbefund</b>.</p><p>日本語の説明も添付します 🩺🎉</p><p>Grüße</p><img src="cid:logo@praxis">',
  attachments: [
    { filename: 'Röntgen Bild.jpg', content: photo, contentType: 'image/jpeg' },
    { filename: 'Befund.pdf', content: report, contentType: 'application/pdf' },
    { filename: 'befund.pdf', content: Buffer.from('zweites Dokument'), contentType: 'application/pdf' },
    { filename: '../../etc/Zugangsdaten.txt', content: evil, contentType: 'text/plain' },
    { filename: 'logo.png', content: logo, contentType: 'image/png', cid: 'logo@praxis' },
  ],
};

describe('sealing a raw message (de, AES-256)', () => {
  let raw: Buffer;
  let result: SealResult;
  let sealed: Sealed;

  beforeAll(async () => {
    raw = await composeMail(original);
    result = await seal(
      { raw },
      { publicUrl: 'https://vertraulich.example/', mailFrom: 'vertraulich <noreply@vertraulich.example>' },
    );
    sealed = await parseSealed(result.sealedMessage);
  });

  it('gives back every attachment byte for byte with 7z, under safe unique names', async () => {
    const files = await extractWith7z(sealed.zip, result.password);
    expect([...files.keys()].sort()).toEqual([
      'Befund.pdf',
      'Röntgen Bild.jpg',
      'Zugangsdaten.txt',
      'befund (2).pdf',
      'nachricht.eml',
    ]);
    expect(files.get('Röntgen Bild.jpg')?.equals(photo)).toBe(true);
    expect(files.get('Befund.pdf')?.equals(report)).toBe(true);
    expect(files.get('befund (2).pdf')?.toString()).toBe('zweites Dokument');
    expect(files.get('Zugangsdaten.txt')?.equals(evil)).toBe(true);
    expect(result.zipEntries).toHaveLength(5);
  });

  it('gives back the same with bsdtar', async () => {
    const files = await extractWithBsdtar(sealed.zip, result.password);
    expect(files.get('Röntgen Bild.jpg')?.equals(photo)).toBe(true);
    expect(files.get('befund (2).pdf')?.toString()).toBe('zweites Dokument');
    expect(files.size).toBe(5);
  });

  it('refuses a wrong password in 7z, bsdtar, qpdf and pdftotext', async () => {
    const wrong = 'Wrng-Pass-Word-2345-6789';
    await expect(extractWith7z(sealed.zip, wrong)).rejects.toThrow();
    await expect(extractWithBsdtar(sealed.zip, wrong)).rejects.toThrow();
    await expect(qpdfEncryption(sealed.pdf, wrong)).rejects.toThrow();
    await expect(pdfToText(sealed.pdf, wrong)).rejects.toThrow();
  });

  it('writes WinZip AES-256 with UTF-8 names and stores incompressible data', async () => {
    const listing = await listWith7z(sealed.zip);
    const entries = listing.split('\n\n').filter((b) => b.includes('Method = '));
    expect(entries).toHaveLength(5);
    for (const e of entries) {
      expect(e).toMatch(/Method = AES-256/);
      expect(e).toMatch(/Characteristics = .*WzAES/);
    }
    const photoEntry = entries.find((e) => e.includes('Path = Röntgen Bild.jpg')) ?? '';
    expect(photoEntry).toMatch(/Method = AES-256 Store/);
    expect(photoEntry).toMatch(/Characteristics = .*UTF8/);
    expect(entries.find((e) => e.includes('Path = Befund.pdf'))).toMatch(/Method = AES-256 Deflate/);
  });

  it('puts the message into the ZIP as .eml with its inline image but without the attachments', async () => {
    const files = await extractWith7z(sealed.zip, result.password);
    const eml = files.get('nachricht.eml');
    expect(eml).toBeDefined();
    const inner = await simpleParser(eml ?? Buffer.alloc(0), { keepCidLinks: true });
    expect(inner.subject).toBe(original.subject);
    expect(inner.text).toContain('Röntgenbefund');
    expect(inner.html).toContain('cid:logo@praxis');
    expect(inner.attachments.map((a) => a.filename)).toEqual(['logo.png']);
    expect(inner.attachments[0]?.content.equals(logo)).toBe(true);
    expect(eml?.length ?? 0).toBeLessThan(raw.length / 4);
  });

  it('encrypts the PDF with AES-256 under the same password', async () => {
    const info = await qpdfEncryption(sealed.pdf, result.password);
    expect(info).toMatch(/R = 6/);
    expect(info).toMatch(/stream encryption method: AESv3/);
    expect(info).toMatch(/string encryption method: AESv3/);
  });

  it('shows headers, the body in German, Japanese and emoji, and the attachment list in the PDF', async () => {
    const text = await pdfToText(sealed.pdf, result.password);
    for (const expected of [
      'Laborbefund Zwölffingerdarm 2024',
      'Dr. Jana Öztürk <jana@praxis-oeztuerk.de>',
      'Max Mustermann <max@example.org>',
      'kanzlei@example.net',
      'Röntgenbefund',
      '日本語の説明も添付します',
      '🎉',
      'Grüße',
      'Röntgen Bild.jpg',
      'befund (2).pdf',
      'Von:',
      'Betreff:',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('geheim-bcc');
    expect(text).not.toContain('sms.local');
  });

  it('keeps nothing of the original in clear in the outer mail', async () => {
    const outer = result.sealedMessage.toString('latin1');
    const decoded = [
      outer,
      sealed.text,
      sealed.html,
      JSON.stringify([...sealed.headers]),
      sealed.zipName,
      sealed.pdfName,
      sealed.pdf.toString('latin1'),
      sealed.pdf.toString('utf8'),
    ].join('\n');
    const secrets = [
      'Laborbefund',
      'Zwölffingerdarm',
      'Röntgenbefund',
      'Mustermann, anbei',
      '日本語',
      'Befund.pdf',
      'Röntgen Bild',
      'Zugangsdaten',
    ];
    for (const secret of secrets) expect(decoded).not.toContain(secret);
    // ZIP entry names are readable without the password (the ZIP format has no way to hide them), so
    // only the message's subject and text are checked there.
    const zip = `${sealed.zip.toString('latin1')}\n${sealed.zip.toString('utf8')}`;
    for (const secret of ['Laborbefund', 'Zwölffingerdarm', 'Röntgenbefund', '日本語'])
      expect(zip).not.toContain(secret);
  });

  it('sends from MAIL_FROM in the sender’s name, replies to the sender, addresses only real recipients', () => {
    const h = sealed.mail;
    expect(h.subject).toBe('Vertrauliche Nachricht von Dr. Jana Öztürk');
    expect(h.from?.value).toEqual([
      { name: 'Dr. Jana Öztürk via vertraulich', address: 'noreply@vertraulich.example' },
    ]);
    expect(h.replyTo?.value[0]?.address).toBe('jana@praxis-oeztuerk.de');
    const to = (Array.isArray(h.to) ? h.to : [h.to]).flatMap((a) => a?.value ?? []).map((a) => a.address);
    expect(to).toEqual(['max@example.org']);
    const cc = (Array.isArray(h.cc) ? h.cc : [h.cc]).flatMap((a) => a?.value ?? []).map((a) => a.address);
    expect(cc).toEqual(['kanzlei@example.net']);
    expect(result.sealedMessage.toString()).not.toMatch(/^bcc:/im);
    expect(h.messageId).toBe(result.messageId);
    expect(result.originalSubject).toBe(original.subject);
    expect(result.fallbackToOriginal).toBe(false);
  });

  it('explains in German what the attachments are and how to open them, with the browser link', () => {
    expect(sealed.zipName).toBe('vertrauliche-nachricht.zip');
    expect(sealed.pdfName).toBe('vertrauliche-nachricht.pdf');
    for (const body of [sealed.text, sealed.html]) {
      for (const phrase of [
        '7-Zip',
        'Keka',
        'The Unarchiver',
        'Smartphone',
        'vertrauliche-nachricht.pdf',
        'vertrauliche-nachricht.zip',
      ]) {
        expect(body).toContain(phrase);
      }
      expect(body).toContain('https://vertraulich.example/open');
    }
    expect(sealed.html).toContain('<a href="https://vertraulich.example/open">');
    expect(sealed.text).toContain(
      'ZIP lässt sich nicht öffnen? Im Browser öffnen: https://vertraulich.example/open – die Datei verlässt Ihren Computer nicht',
    );
  });
});
