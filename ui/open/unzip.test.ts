import { randomBytes } from 'node:crypto';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { sealOptions } from '../../api/i18n/seal-texts';
import { seal } from '../../api/seal/index';
import { readMessage, zipInsideMail } from './message';
import { normalisePassword, OpenError, type OpenFailure, openZip } from './unzip';

// The page's ZIP and message logic, run in Node against what seal() makes; the browser tests in
// test/open-page.browser.test.ts drive the same code through the page.

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const REPORT = randomBytes(5000);

async function sealedZip(zip: 'aes256' | 'zipcrypto', includeOriginal = false) {
  const { sealedMessage, password } = await seal(
    {
      draft: {
        from: { name: 'Praxis', address: 'praxis@example.org' },
        to: ['a@example.net'],
        subject: 'Befund',
        text: 'Siehe Anhang.',
        html: '<p>Siehe Anhang.</p><img src="cid:logo@praxis">',
        attachments: [
          { filename: 'befund.bin', content: REPORT },
          { filename: 'logo.png', contentType: 'image/png', content: PNG, contentId: 'logo@praxis' },
        ],
      },
    },
    sealOptions({ zip, includeOriginal }),
  );
  // The ZIP is the first base64 attachment of the sealed mail; postal-mime is what the page uses too.
  const { default: PostalMime } = await import('postal-mime');
  const mail = await PostalMime.parse(sealedMessage, { attachmentEncoding: 'arraybuffer' });
  const attachment = mail.attachments.find((a) => a.mimeType === 'application/zip');
  if (!attachment || typeof attachment.content === 'string') throw new Error('no ZIP in the sealed mail');
  return { zip: new Uint8Array(attachment.content), password };
}

async function failure(promise: Promise<unknown>): Promise<OpenFailure | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof OpenError) return error.failure;
    throw error;
  }
}

async function plainZip(files: Record<string, Uint8Array>): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter());
  for (const [name, content] of Object.entries(files)) await writer.add(name, new Uint8ArrayReader(content));
  return writer.close();
}

describe('normalisePassword', () => {
  it.each([
    ['Kx7m–P2qr—9Tzb', 'Kx7m-P2qr-9Tzb'],
    [' Kx7m - P2qr ', 'Kx7m-P2qr'],
    ['Kx7m\u2011P2qr', 'Kx7m-P2qr'],
  ])('reads %j as %j', (typed, expected) => {
    expect(normalisePassword(typed)).toBe(expected);
  });
});

describe('openZip', () => {
  it.each(['aes256', 'zipcrypto'] as const)(
    'opens a %s ZIP from seal(): the message first, the files byte for byte',
    async (method) => {
      const { zip, password } = await sealedZip(method);
      const opened = await openZip(new Blob([zip]), password);
      expect(opened.message.name).toBe('nachricht.eml');
      expect(opened.encrypted).toBe(true);
      expect(opened.files.map((f) => f.name)).toEqual(['Anhang-01.bin']);
      expect(Buffer.compare(Buffer.from(opened.files[0]?.bytes ?? []), REPORT)).toBe(0);
    },
  );

  it('takes the sealed message, not a forwarded mail the sender attached, and names that one as sent', async () => {
    const forwarded = new TextEncoder().encode(
      'From: x@example.org\r\nSubject: alt\r\n\r\nweitergeleitet\r\n',
    );
    const { sealedMessage, password } = await seal(
      {
        draft: {
          from: { address: 'praxis@example.org' },
          to: ['a@example.net'],
          text: 'Die eigentliche Nachricht',
          attachments: [
            { filename: 'Weitergeleitet.eml', contentType: 'message/rfc822', content: forwarded },
          ],
        },
      },
      sealOptions(),
    );
    const zip = await zipInsideMail(new Blob([new Uint8Array(sealedMessage)]));
    if (!zip) throw new Error('no ZIP found in the sealed mail');
    const opened = await openZip(zip, password);
    expect(opened.message.name).toBe('nachricht.eml');
    const shown = await readMessage(opened.message.bytes, opened.files);
    expect(shown.text).toContain('Die eigentliche Nachricht');
    expect(shown.attachments.map((a) => a.name)).toEqual(['Weitergeleitet.eml']);
  });

  it('tells a wrong password, a random file, a cut-off ZIP and a ZIP without a message apart', async () => {
    const { zip, password } = await sealedZip('aes256');
    expect(await failure(openZip(new Blob([zip]), 'Abc2-Def3-Ghj4'))).toBe('wrong-password');
    expect(await failure(openZip(new Blob([randomBytes(4000)]), password))).toBe('not-ours');
    expect(await failure(openZip(new Blob([zip.subarray(0, zip.length - 30)]), password))).toBe('truncated');
    const noMessage = await plainZip({ 'notes.txt': new TextEncoder().encode('hello') });
    expect(await failure(openZip(new Blob([noMessage.slice()]), password))).toBe('not-ours');
  });
});

describe('readMessage', () => {
  it('keeps inline images for the HTML and lists only real attachments, each under its own name', async () => {
    const { zip, password } = await sealedZip('aes256');
    const opened = await openZip(new Blob([zip]), password);
    const shown = await readMessage(opened.message.bytes, opened.files);
    expect(shown.subject).toBe('Befund');
    expect(shown.from).toBe('Praxis <praxis@example.org>');
    expect(shown.html).toContain('cid:logo@praxis');
    expect(Buffer.compare(Buffer.from(shown.inline.get('logo@praxis')?.bytes ?? []), PNG)).toBe(0);
    expect(shown.attachments.map((a) => a.name)).toEqual(['befund.bin']);
    expect(Buffer.compare(Buffer.from(shown.attachments[0]?.bytes ?? []), REPORT)).toBe(0);
  });

  it('does not list an attachment twice when the whole original is sealed', async () => {
    const { zip, password } = await sealedZip('aes256', true);
    const opened = await openZip(new Blob([zip]), password);
    const shown = await readMessage(opened.message.bytes, opened.files);
    expect(shown.attachments.map((a) => a.name)).toEqual(['befund.bin']);
    expect(Buffer.compare(Buffer.from(shown.attachments[0]?.bytes ?? []), REPORT)).toBe(0);
  });
});

describe('zipInsideMail', () => {
  it('takes the ZIP out of a whole sealed mail the recipient saved, and leaves a ZIP alone', async () => {
    const { sealedMessage, password } = await seal(
      { draft: { from: { address: 'praxis@example.org' }, to: ['a@example.net'], text: 'Hallo' } },
      sealOptions({}),
    );
    const zip = await zipInsideMail(new Blob([new Uint8Array(sealedMessage)]));
    if (!zip) throw new Error('no ZIP found in the sealed mail');
    const opened = await openZip(zip, password);
    expect(new TextDecoder().decode(opened.message.bytes)).toContain('Hallo');
    expect(await zipInsideMail(zip)).toBeUndefined();
  });
});
