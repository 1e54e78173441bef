import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ReplyContent, replyProof } from '../api/replies/proof';
import { idFromFragment, replyContextOf } from '../ui/open/reply-context';
import { toBase64 } from '../ui/open/reply-send';
import { composeMail } from './helpers/sealed';

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

  it('takes the id from inside the encryption before the one in the link', async () => {
    const context = await replyContextOf(await eml({ 'X-Vertraulich-Message-Id': 'msg_inside' }), 'msg_link');
    expect(context).toEqual({
      messageId: 'msg_inside',
      recipients: ['patient@example.net', 'kasse@example.com'],
    });
  });

  it('falls back on the link, and offers no reply without either', async () => {
    expect((await replyContextOf(await eml(), 'msg_link'))?.messageId).toBe('msg_link');
    expect(await replyContextOf(await eml(), undefined)).toBeUndefined();
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
