import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type Mail from 'nodemailer/lib/mailer';
import { describe, expect, it } from 'vitest';
import { sealOptions } from '../api/i18n/seal-texts';
import { SealInputError, seal } from '../api/seal/index';
import type { DraftAttachment } from '../api/seal/types';
import { composeMail, extractWith7z, listWith7z, parseSealed, pdfToText } from './helpers/sealed';

// seal()'s options and its other inputs (drafts, things that are not mail), opened as recipients do.

const photo = randomBytes(300_000);
const report = Buffer.from('%PDF-1.4 Befund Seite 1\n'.repeat(2000));
const logo = randomBytes(2_000);

const original: Mail.Options = {
  from: { name: 'Dr. Jana Öztürk', address: 'jana@praxis-oeztuerk.de' },
  to: 'max@example.org',
  subject: 'Laborbefund Zwölffingerdarm 2024',
  text: 'Sehr geehrter Herr Mustermann, anbei Ihr Röntgenbefund.',
  attachments: [{ filename: 'Röntgen Bild.jpg', content: photo, contentType: 'image/jpeg' }],
};

describe('sealing options', () => {
  it('writes English texts and names, shows the subject only with subjectInClear, and uses ZipCrypto on request', async () => {
    const raw = await composeMail(original);
    const result = await seal(
      { raw },
      sealOptions({ language: 'en', subjectInClear: true, zip: 'zipcrypto' }),
    );
    const sealed = await parseSealed(result.sealedMessage);
    expect(sealed.mail.subject).toBe(original.subject);
    expect(sealed.zipName).toBe('confidential-message.zip');
    expect(sealed.pdfName).toBe('confidential-message.pdf');
    expect(sealed.text).toContain('Windows Explorer cannot open AES-256');
    expect(sealed.text).not.toContain('/open');
    const listing = await listWith7z(sealed.zip);
    expect(listing).toMatch(/Method = ZipCrypto/);
    expect(listing).not.toMatch(/AES/);
    const files = await extractWith7z(sealed.zip, result.password);
    expect(files.get('Attachment-01.jpg')?.equals(photo)).toBe(true);
    expect(files.has('message.eml')).toBe(true);
    expect(await pdfToText(sealed.pdf, result.password)).toContain('Subject:');
  });

  it('puts the original byte for byte into the ZIP with includeOriginal', async () => {
    const raw = await composeMail(original);
    const result = await seal({ raw }, sealOptions({ includeOriginal: true, language: 'en' }));
    const files = await extractWith7z((await parseSealed(result.sealedMessage)).zip, result.password);
    expect(files.get('message.eml')?.equals(raw)).toBe(true);
  });

  it('seals something that is not a mail at all verbatim and says so', async () => {
    const raw = Buffer.from('\x00\x01 this is not RFC 5322 \xff\xfe');
    const result = await seal(
      { raw },
      sealOptions({ sender: { name: 'Ann', address: 'ann@example.org' }, to: ['bob@example.org'] }),
    );
    expect(result.fallbackToOriginal).toBe(true);
    const sealed = await parseSealed(result.sealedMessage);
    const files = await extractWith7z(sealed.zip, result.password);
    expect(files.get('nachricht.eml')?.equals(raw)).toBe(true);
    expect(sealed.mail.subject).toBe('Vertrauliche Nachricht von Ann');
  });

  it('keeps the original byte for byte when an attachment is damaged, and still shows the text', async () => {
    const intact = await composeMail(original);
    expect((await seal({ raw: intact }, sealOptions())).fallbackToOriginal).toBe(false);
    // A base64 line with characters outside the alphabet: a decoder would drop them silently.
    const text = intact.toString('latin1');
    const line = /^[A-Za-z0-9+/]{60,}$/m.exec(text);
    expect(line).not.toBeNull();
    const damaged = Buffer.from(
      text.replace(line?.[0] ?? '', `${line?.[0].slice(0, 30)}*?!${line?.[0].slice(33)}`),
      'latin1',
    );
    const result = await seal({ raw: damaged }, sealOptions());
    expect(result.fallbackToOriginal).toBe(true);
    const sealed = await parseSealed(result.sealedMessage);
    const files = await extractWith7z(sealed.zip, result.password);
    expect(files.get('nachricht.eml')?.equals(damaged)).toBe(true);
    expect(await pdfToText(sealed.pdf, result.password)).toContain('Röntgenbefund');
  });

  it('seals a draft: attachments as files, the inline image inside the .eml only', async () => {
    const result = await seal(
      {
        draft: {
          from: { name: 'Praxis Weber', address: 'weber@praxis.example' },
          to: ['Anna Schmidt <anna@example.org>', '+4917055555555@sms.local'],
          subject: 'Ihre Unterlagen',
          html: '<p>Anbei die Unterlagen.</p><img src="cid:stempel@praxis">',
          attachments: [
            { filename: 'Überweisung.pdf', contentType: 'application/pdf', content: report },
            {
              filename: 'stempel.png',
              contentType: 'image/png',
              content: logo,
              contentId: '<stempel@praxis>',
            },
          ],
        },
      },
      sealOptions({ language: 'en' }),
    );
    const sealed = await parseSealed(result.sealedMessage);
    expect(sealed.mail.subject).toBe('Confidential message from Praxis Weber');
    expect(sealed.mail.replyTo?.value[0]?.address).toBe('weber@praxis.example');
    const files = await extractWith7z(sealed.zip, result.password);
    expect([...files.keys()].sort()).toEqual(['Attachment-01.pdf', 'message.eml']);
    expect(files.get('Attachment-01.pdf')?.equals(report)).toBe(true);
    const inner = await simpleParser(files.get('message.eml') ?? Buffer.alloc(0), { keepCidLinks: true });
    expect(inner.html).toContain('cid:stempel@praxis');
    const kept = inner.attachments.map((a) => [a.filename, a.contentType, a.contentId]);
    expect(kept.sort()).toEqual([
      ['stempel.png', 'image/png', '<stempel@praxis>'],
      ['Überweisung.pdf', 'message/external-body', undefined],
    ]);
    expect(inner.attachments.find((a) => a.contentId)?.content.equals(logo)).toBe(true);
    expect(await pdfToText(sealed.pdf, result.password)).toMatch(
      /Überweisung\.pdf \(.*\) → Attachment-01\.pdf/,
    );
  });

  it('takes an Apple Mail photo (inline, with a Content-ID, beside plain text) as a file of its own', async () => {
    const raw = Buffer.from(
      [
        'From: jana@praxis.example',
        'To: max@example.org',
        'Subject: Foto',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="apple"',
        '',
        '--apple',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'Hier das Foto.',
        '--apple',
        'Content-Type: image/jpeg; name="IMG_0042.jpg"',
        'Content-Disposition: inline; filename="IMG_0042.jpg"',
        'Content-ID: <photo42@apple>',
        'Content-Transfer-Encoding: base64',
        '',
        photo.subarray(0, 3000).toString('base64'),
        '--apple--',
        '',
      ].join('\r\n'),
    );
    const result = await seal({ raw }, sealOptions());
    const files = await extractWith7z((await parseSealed(result.sealedMessage)).zip, result.password);
    expect(files.get('Anhang-01.jpg')?.equals(photo.subarray(0, 3000))).toBe(true);
  });

  it('refuses a draft without a sender or with a broken attachment with a clear error', async () => {
    await expect(seal({ draft: { from: { address: '' }, to: [] } }, sealOptions())).rejects.toThrow(
      SealInputError,
    );
    await expect(
      seal({ draft: { from: { address: '' }, to: ['a@example.org'] } }, sealOptions()),
    ).rejects.toThrow(/sender/);
    const broken = { filename: 'x.pdf', content: 'not bytes' } as unknown as DraftAttachment;
    await expect(
      seal({ draft: { from: { address: 'a@example.org' }, to: [], attachments: [broken] } }, sealOptions()),
    ).rejects.toThrow(/attachment 1 needs a filename and its content as bytes/);
  });
});
