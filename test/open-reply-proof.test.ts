import { randomBytes } from 'node:crypto';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { sealOptions } from '../api/i18n/seal-texts';
import { type ReplyContent, replyProof } from '../api/replies/proof';
import { seal } from '../api/seal/index';
import { idFromFragment, replyContextOf } from '../ui/open/reply-context';
import { toBase64 } from '../ui/open/reply-send';
import { openZip } from '../ui/open/unzip';
import { composeMail, parseSealed } from './helpers/sealed';

// The pieces of a reply the page and the service must agree on (issue 18): the proof, the message id
// the page finds, and the base64 it sends.

const password = 'Kx7m-P2qr-9Tzb-W4nd-Hs3e';
const content: ReplyContent = {
  messageId: 'msg_abc',
  from: 'patient@example.net',
  text: 'Danke! Eine Frage noch.',
  attachments: [
    { filename: 'frage.pdf', contentType: 'application/pdf', content: new Uint8Array([1, 2, 3]) },
  ],
};

describe('the reply proof', () => {
  it('is 32 bytes in base64url and the same for the same password and reply', async () => {
    const proof = await replyProof(password, content);
    expect(proof).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await replyProof(password, structuredClone(content))).toBe(proof);
  });

  it.each([
    ['another password', { password: 'Kx7m-P2qr-9Tzb-W4nd-Hs3f' }],
    ['another message', { messageId: 'msg_abd' }],
    ['another sender address', { from: 'other@example.net' }],
    ['another text', { text: 'Danke! Eine Frage noch!' }],
    [
      'another attachment byte',
      {
        attachments: [
          { filename: 'frage.pdf', contentType: 'application/pdf', content: new Uint8Array([1, 2, 4]) },
        ],
      },
    ],
    ['another attachment name', { attachments: [{ ...content.attachments[0], filename: 'frage2.pdf' }] }],
    ['text moved into the address', { from: 'patient@example.netDanke!', text: ' Eine Frage noch.' }],
  ])('changes with %s', async (_name, change) => {
    const { password: other = password, ...fields } = change as Partial<ReplyContent> & { password?: string };
    const changed = { ...content, ...fields } as ReplyContent;
    expect(await replyProof(other, changed)).not.toBe(await replyProof(password, content));
  });
});

describe('what the page answers', () => {
  const eml = (headers: Record<string, string> = {}) =>
    composeMail({
      from: 'praxis@example.org',
      to: ['Patient <patient@example.net>', '+4917055555555@sms.local'],
      cc: ['kasse@example.com', 'PATIENT@example.net'],
      subject: 'Befund',
      text: 'Hallo',
      headers,
    });
  /** What openZip() hands the page: the .eml and the archive comment. */
  const opened = async (headers: Record<string, string> = {}, comment = '') => ({
    message: { name: 'nachricht.eml', bytes: await eml(headers) },
    comment: new TextEncoder().encode(comment),
  });

  it("takes the id from the ZIP's comment before the one in the link", async () => {
    const context = await replyContextOf(await opened({}, 'vertraulich:msg_zip'), 'msg_link');
    expect(context).toEqual({
      messageId: 'msg_zip',
      recipients: ['patient@example.net', 'kasse@example.com'],
    });
  });

  it('still reads the X-Vertraulich-Message-Id header of ZIPs sealed before issue 14', async () => {
    const legacy = await opened({ 'X-Vertraulich-Message-Id': 'msg_inside' });
    expect((await replyContextOf(legacy, 'msg_link'))?.messageId).toBe('msg_inside');
    expect((await replyContextOf(legacy, undefined))?.messageId).toBe('msg_inside');
  });

  it.each([
    ['a comment of another program', 'created by WinZip'],
    ['a malformed id', 'vertraulich:msg_1\r\nBcc: x@example.org'],
    ['no id at all', 'vertraulich:'],
  ])('ignores %s in the comment and falls back on the link', async (_, comment) => {
    expect((await replyContextOf(await opened({}, comment), 'msg_link'))?.messageId).toBe('msg_link');
  });

  it('falls back on the link, and offers no reply without either', async () => {
    expect((await replyContextOf(await opened(), 'msg_link'))?.messageId).toBe('msg_link');
    expect(await replyContextOf(await opened(), undefined)).toBeUndefined();
  });

  it.each(['aes256', 'zipcrypto'] as const)(
    'finds the id in a %s ZIP that seal() made, dropped on the page without the link',
    async (zip) => {
      const { sealedMessage, password } = await seal(
        { raw: await eml() },
        sealOptions({ zip, messageId: 'msg_sealed-1' }),
      );
      const file = new Blob([new Uint8Array((await parseSealed(sealedMessage)).zip)]);
      const context = await replyContextOf(await openZip(file, password), undefined);
      expect(context).toEqual({
        messageId: 'msg_sealed-1',
        recipients: ['patient@example.net', 'kasse@example.com'],
      });
    },
  );

  it('finds the id of an included original too, whose .eml stays byte for byte', async () => {
    const raw = await eml();
    const { sealedMessage, password } = await seal(
      { raw },
      sealOptions({ messageId: 'msg_2', includeOriginal: true }),
    );
    const sealedZip = new Uint8Array((await parseSealed(sealedMessage)).zip);
    const openedZip = await openZip(new Blob([sealedZip]), password);
    expect(Buffer.from(openedZip.message.bytes).equals(raw)).toBe(true);
    expect((await replyContextOf(openedZip, undefined))?.messageId).toBe('msg_2');
  });

  it('reads the comment of a ZIP another tool wrote, as openZip() returns it', async () => {
    const writer = new ZipWriter(new Uint8ArrayWriter());
    await writer.add('nachricht.eml', new Uint8ArrayReader(await eml()));
    const zip = await writer.close(new TextEncoder().encode('vertraulich:msg_other'));
    const context = await replyContextOf(await openZip(new Blob([zip]), ''), 'msg_link');
    expect(context?.messageId).toBe('msg_other');
  });

  it.each([
    ['#m=msg_3Nq0-rT_5a', 'msg_3Nq0-rT_5a'],
    ['#m=msg%0d%0aX', undefined],
    ['#x=1', undefined],
    ['', undefined],
  ])('reads the fragment %j as %j', (hash, id) => {
    expect(idFromFragment(hash)).toBe(id);
  });

  it('sends base64 that decodes to the bytes, across its slices', () => {
    for (const size of [0, 1, 2, 3, 0xc000 - 1, 0xc000, 0xc000 + 1, 3 * 0xc000 + 2]) {
      const bytes = randomBytes(size);
      expect(toBase64(bytes), String(size)).toBe(bytes.toString('base64'));
    }
  });
});
