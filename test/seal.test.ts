import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type Mail from 'nodemailer/lib/mailer';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealOptions } from '../api/i18n/seal-texts';
import { seal } from '../api/seal/index';
import type { SealResult } from '../api/seal/types';
import {
  composeMail,
  extractWith7z,
  extractWithBsdtar,
  listWith7z,
  listWithBsdtar,
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
    { filename: 'HIV-Befund_Max_Mustermann.pdf', content: report, contentType: 'application/pdf' },
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
      sealOptions({
        publicUrl: 'https://vertraulich.example/',
        mailFrom: 'vertraulich <noreply@vertraulich.example>',
      }),
    );
    sealed = await parseSealed(result.sealedMessage);
  });

  it('gives back every attachment byte for byte with 7z, under neutral names: number and extension', async () => {
    const files = await extractWith7z(sealed.zip, result.password);
    expect([...files.keys()].sort()).toEqual([
      'Anhang-01.jpg',
      'Anhang-02.pdf',
      'Anhang-03.pdf',
      'Anhang-04.txt',
      'nachricht.eml',
    ]);
    expect(files.get('Anhang-01.jpg')?.equals(photo)).toBe(true);
    expect(files.get('Anhang-02.pdf')?.equals(report)).toBe(true);
    expect(files.get('Anhang-03.pdf')?.toString()).toBe('zweites Dokument');
    expect(files.get('Anhang-04.txt')?.equals(evil)).toBe(true);
    expect(result.zipEntries).toEqual([
      'nachricht.eml',
      'Anhang-01.jpg',
      'Anhang-02.pdf',
      'Anhang-03.pdf',
      'Anhang-04.txt',
    ]);
  });

  it('gives back the same with bsdtar', async () => {
    const files = await extractWithBsdtar(sealed.zip, result.password);
    expect(files.get('Anhang-01.jpg')?.equals(photo)).toBe(true);
    expect(files.get('Anhang-03.pdf')?.toString()).toBe('zweites Dokument');
    expect(files.size).toBe(5);
  });

  it('shows no attachment name in the file list anyone can read without the password (7z, bsdtar)', async () => {
    const listings = [await listWith7z(sealed.zip), await listWithBsdtar(sealed.zip)];
    for (const listing of listings) {
      expect(listing).toContain('Anhang-02.pdf');
      for (const name of ['HIV-Befund', 'Mustermann', 'Röntgen', 'befund', 'Zugangsdaten', 'logo']) {
        expect(listing).not.toContain(name);
      }
    }
    const bytes = `${sealed.zip.toString('latin1')}\n${sealed.zip.toString('utf8')}`;
    expect(bytes).not.toContain('HIV-Befund');
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
    const photoEntry = entries.find((e) => e.includes('Path = Anhang-01.jpg')) ?? '';
    expect(photoEntry).toMatch(/Method = AES-256 Store/);
    expect(photoEntry).toMatch(/Characteristics = .*UTF8/);
    expect(entries.find((e) => e.includes('Path = Anhang-02.pdf'))).toMatch(/Method = AES-256 Deflate/);
  });

  it('puts the message into the ZIP as .eml with its inline image, each attachment a stand-in under its own name', async () => {
    const files = await extractWith7z(sealed.zip, result.password);
    const eml = files.get('nachricht.eml');
    expect(eml).toBeDefined();
    const inner = await simpleParser(eml ?? Buffer.alloc(0), { keepCidLinks: true });
    expect(inner.subject).toBe(original.subject);
    expect(inner.text).toContain('Röntgenbefund');
    expect(inner.html).toContain('cid:logo@praxis');
    const image = inner.attachments.find((a) => a.filename === 'logo.png');
    expect(image?.content.equals(logo)).toBe(true);
    // RFC 2046 message/external-body: names the ZIP entry, keeps the part's own headers.
    const standIns = inner.attachments.filter((a) => a.contentType === 'message/external-body');
    expect(standIns.map((a) => [a.filename, a.headers.get('content-description')])).toEqual([
      ['Röntgen Bild.jpg', 'Anhang-01.jpg'],
      ['HIV-Befund_Max_Mustermann.pdf', 'Anhang-02.pdf'],
      ['befund.pdf', 'Anhang-03.pdf'],
      ['Zugangsdaten.txt', 'Anhang-04.txt'],
    ]);
    expect(standIns[1]?.content.toString()).toMatch(/^Content-Type: application\/pdf/im);
    expect(inner.attachments).toHaveLength(5);
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
      'HIV-Befund_Max_Mustermann.pdf',
      '→ Anhang-02.pdf',
      'befund.pdf (16 B) → Anhang-03.pdf',
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
      'HIV-Befund',
      'befund.pdf',
      'Röntgen Bild',
      'Zugangsdaten',
    ];
    for (const secret of secrets) expect(decoded).not.toContain(secret);
    // ZIP entry names are readable without the password (the ZIP format has no way to hide them):
    // neutral ones, so nothing of the message stands there either.
    const zip = `${sealed.zip.toString('latin1')}\n${sealed.zip.toString('utf8')}`;
    for (const secret of secrets) expect(zip).not.toContain(secret);
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
        'neutral Anhang-01, Anhang-02',
      ]) {
        expect(body).toContain(phrase);
      }
      expect(body).toContain('https://vertraulich.example/open');
    }
    expect(sealed.html).toMatch(/<a href="https:\/\/vertraulich\.example\/open(#m=[^"]*)?">/);
    expect(sealed.text).toMatch(
      /Am einfachsten im Browser öffnen, auf jedem Gerät: https:\/\/vertraulich\.example\/open\S* – dort die ZIP-Datei/,
    );
  });

  it('leads with the /open page, before the PDF and any ZIP tool, in text and HTML (issue 19)', () => {
    for (const body of [sealed.text, sealed.html]) {
      const open = body.indexOf('https://vertraulich.example/open');
      expect(open).toBeGreaterThan(0);
      for (const later of ['vertrauliche-nachricht.pdf:', '7-Zip', 'Keka']) {
        expect(body.indexOf(later), later).toBeGreaterThan(open);
      }
      expect(body).toContain('Keine Anhänge zu sehen?');
    }
  });
});
