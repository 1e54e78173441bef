import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyProof } from '../api/replies/proof';
import { accounts } from '../db/schema/accounts';
import { messages } from '../db/schema/messages';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import { extractWith7z, parseSealed, pdfToText } from './helpers/sealed';

// POST /v1/messages/{id}/replies (issue 18) against the real relay (smtp-sink): only the holder of
// the message's password can reply, the reply goes to the sender alone sealed with that password,
// the limit per message holds (also in parallel), and the sender's history links it.

let t: MessagesTestApp;

beforeAll(async () => {
  t = await createMessagesTestApp();
});

afterAll(async () => {
  await t?.close();
});

interface Sent {
  id: string;
  password: string;
  sender: { id: string; email: string; apiKey: string };
}

async function sendOriginal(to = ['patient@example.net']): Promise<Sent> {
  const sender = await t.account('free');
  const res = await t.request('/v1/messages', {
    method: 'POST',
    token: sender.apiKey,
    json: { to, subject: 'Ihr Befund', text: 'Die Werte sind unauffällig.' },
  });
  expect(res.status).toBe(201);
  const { id, password } = (await res.json()) as { id: string; password: string };
  return { id, password, sender };
}

interface ReplyInput {
  from?: string;
  text: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

async function reply(sent: Sent, input: ReplyInput, password = sent.password) {
  const attachments = input.attachments ?? [];
  const proof = await replyProof(password, {
    messageId: sent.id,
    from: input.from ?? '',
    text: input.text,
    attachments,
  });
  return t.request(`/v1/messages/${sent.id}/replies`, {
    method: 'POST',
    json: {
      proof,
      ...(input.from ? { from: input.from } : {}),
      text: input.text,
      attachments: attachments.map((a) => ({ ...a, content: a.content.toString('base64') })),
    },
  });
}

async function replyRows(id: string) {
  return t.database.db.select({ id: messages.id }).from(messages).where(eq(messages.replyTo, id));
}

describe('a reply to a sealed message', () => {
  it('goes sealed with the original password to the sender only, with its text and attachment', async () => {
    const sent = await sendOriginal();
    const file = { filename: 'Frage.pdf', contentType: 'application/pdf', content: randomBytes(20_000) };
    const before = t.sink.messages.length;
    const res = await reply(sent, { text: 'Danke! Muss ich nüchtern kommen?', attachments: [file] });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ repliesLeft: 9 });
    const [mail] = (await t.sink.waitFor(before + 1)).slice(before);
    if (!mail) throw new Error('no reply mail');
    expect(mail.to).toEqual([sent.sender.email]);
    const sealed = await parseSealed(mail.raw);
    expect(sealed.mail.to).toMatchObject({ value: [{ address: sent.sender.email }] });
    expect(sealed.mail.cc).toBeUndefined();
    expect(sealed.mail.subject).toBe('Vertrauliche Antwort von patient@example.net');
    expect(sealed.text).toContain(`patient@example.net hat vertraulich auf Ihre Nachricht vom`);
    expect(sealed.text).toContain(sent.id);
    expect(sealed.text).not.toContain('Befund');
    const files = await extractWith7z(sealed.zip, sent.password);
    const attached = [...files.entries()].find(([name]) => name.endsWith('.pdf'));
    expect(attached && Buffer.compare(attached[1], file.content)).toBe(0);
    expect(await pdfToText(sealed.pdf, sent.password)).toContain('Muss ich nüchtern kommen?');
  });

  it('is refused with a wrong proof, and nothing is stored or sent', async () => {
    const sent = await sendOriginal();
    const res = await reply(sent, { text: 'Hallo' }, 'Kx7m-P2qr-9Tzb-W4nd-Hs3e');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toMatch(/does not prove the password/);
    expect(await replyRows(sent.id)).toEqual([]);
  });

  it('is refused when the proof was made for another text', async () => {
    const sent = await sendOriginal();
    const proof = await replyProof(sent.password, {
      messageId: sent.id,
      from: '',
      text: 'A',
      attachments: [],
    });
    const res = await t.request(`/v1/messages/${sent.id}/replies`, {
      method: 'POST',
      json: { proof, text: 'B' },
    });
    expect(res.status).toBe(403);
    expect(await replyRows(sent.id)).toEqual([]);
  });

  it('refuses attachments beyond MAX_ATTACHMENT_BYTES (1 MiB here) and an empty reply', async () => {
    const sent = await sendOriginal();
    const big = { filename: 'scan.tif', contentType: 'image/tiff', content: randomBytes(1024 * 1024 + 1) };
    const tooLarge = await reply(sent, { text: 'Scan', attachments: [big] });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { detail: string }).detail).toMatch(/at most 1048576/);
    const empty = await reply(sent, { text: '  ' });
    expect(empty.status).toBe(400);
    expect(await replyRows(sent.id)).toEqual([]);
  });

  it('takes 10 replies per message and refuses the 11th, also when they come at once', async () => {
    const sent = await sendOriginal();
    for (let i = 1; i <= 7; i++) expect((await reply(sent, { text: `Antwort ${i}` })).status).toBe(201);
    const racing = await Promise.all([8, 9, 10, 11, 12].map((i) => reply(sent, { text: `Antwort ${i}` })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429]);
    const refused = await reply(sent, { text: 'Noch eine' });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/10 replies/);
    expect(await replyRows(sent.id)).toHaveLength(10);
  });

  it('names who replies when the message had several recipients, and only one of them', async () => {
    const sent = await sendOriginal(['a@example.net', 'b@example.net']);
    const unnamed = await reply(sent, { text: 'Hallo' });
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('from');
    expect((await reply(sent, { from: 'mallory@example.com', text: 'Hallo' })).status).toBe(400);
    const before = t.sink.messages.length;
    expect((await reply(sent, { from: 'B@example.net', text: 'Hallo' })).status).toBe(201);
    const [mail] = (await t.sink.waitFor(before + 1)).slice(before);
    expect(mail?.to).toEqual([sent.sender.email]);
    expect((await parseSealed(mail?.raw ?? Buffer.alloc(0))).mail.subject).toBe(
      'Vertrauliche Antwort von b@example.net',
    );
  });

  it.each([['msg_nothere'], ['acc_3Nq0rT5a2b1c9d8e7f6g5h'], ['x'.repeat(100)]])(
    'answers 404 problem+json for a message id that is not there: %s',
    async (id) => {
      const res = await t.request(`/v1/messages/${id}/replies`, {
        method: 'POST',
        json: { proof: 'A'.repeat(43), text: 'Hallo' },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    },
  );

  it('is refused in plain words once the account is deleted', async () => {
    const sent = await sendOriginal();
    await t.database.db.delete(accounts).where(eq(accounts.id, sent.sender.id));
    const res = await reply(sent, { text: 'Hallo' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/has been deleted\. Nothing was sent/);
  });

  it('is refused in plain words while the account is suspended', async () => {
    const sent = await sendOriginal();
    await t.database.db
      .update(accounts)
      .set({ suspendedAt: t.clock.now(), suspendedReason: 'test' })
      .where(eq(accounts.id, sent.sender.id));
    const res = await reply(sent, { text: 'Hallo' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/cannot receive replies/);
    expect(await replyRows(sent.id)).toEqual([]);
  });

  it("shows in the sender's history, linked to the message it answers", async () => {
    const sent = await sendOriginal();
    t.clock.advance(60_000);
    expect((await reply(sent, { text: 'Danke' })).status).toBe(201);
    const res = await t.request('/v1/messages', { token: sent.sender.apiKey });
    const list = (await res.json()) as {
      messages: { id: string; replyTo: string | null; replies: string[]; password: string }[];
    };
    const [newest, original] = list.messages;
    expect(newest?.replyTo).toBe(sent.id);
    expect(newest?.password).toBe(sent.password);
    expect(original?.id).toBe(sent.id);
    expect(original?.replies).toEqual([newest?.id]);
    expect(original?.replyTo).toBeNull();
  });

  it("does not use up the sender's daily message quota", async () => {
    const small = await createMessagesTestApp({ env: { LIMIT_MESSAGES_PER_DAY_FREE: '2' } });
    try {
      const sender = await small.account('free');
      const post = () =>
        small.request('/v1/messages', {
          method: 'POST',
          token: sender.apiKey,
          json: { to: ['patient@example.net'], text: 'Hallo' },
        });
      const first = await post();
      expect(first.status).toBe(201);
      const { id, password } = (await first.json()) as { id: string; password: string };
      for (const text of ['Frage 1', 'Frage 2']) {
        const proof = await replyProof(password, { messageId: id, from: '', text, attachments: [] });
        const res = await small.request(`/v1/messages/${id}/replies`, {
          method: 'POST',
          json: { proof, text },
        });
        expect(res.status).toBe(201);
      }
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(429);
    } finally {
      await small.close();
    }
  });
});
