import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../db/schema/outbox';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';

// What POST /v1/messages refuses, and how it answers repeats: nothing is sent for a refused request
// or a repeated Idempotency-Key, also when two requests with one key overlap.

interface Sent {
  id: string;
  password: string;
  status: string;
}

const small = { to: ['a@example.org'], subject: 'Betreff', text: 'Inhalt' };

describe('POST /v1/messages rules', () => {
  let t: MessagesTestApp;
  let free: { id: string; apiKey: string };
  let paid: { id: string; apiKey: string };

  beforeAll(async () => {
    t = await createMessagesTestApp();
    free = await t.account('free');
    paid = await t.account('paid');
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (token: string, json: unknown, headers: Record<string, string> = {}) =>
    t.request('/v1/messages', { method: 'POST', token, json, headers });

  it('refuses SMS on the free plan with 403 and sends nothing at all', async () => {
    const mails = t.sink.messages.length;
    const sms = t.twilio.attempts.length;
    for (const body of [
      { ...small, to: ['a@example.org', '+4917055555555@sms.local'] },
      { ...small, sms: ['0170 5555555'] },
    ]) {
      const res = await post(free.apiKey, body);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(t.sink.messages.length).toBe(mails);
    expect(t.twilio.attempts.length).toBe(sms);
    const list = (await (await t.request('/v1/messages', { token: free.apiKey })).json()) as {
      messages: unknown[];
    };
    expect(list.messages).toEqual([]);
  });

  describe.each([
    ['a bad address', { ...small, to: ['a@example.org', 'not-an-address'] }, 'to.1'],
    ['a bad phone', { ...small, sms: ['0170 5555555', '12345'] }, 'sms.1'],
    ['a bad phone at sms.local', { ...small, cc: ['abc@sms.local'] }, 'cc.0'],
    ['no mail recipient', { ...small, to: ['+4917055555555@sms.local'] }, 'to'],
    [
      'bad base64',
      { ...small, attachments: [{ filename: 'a.txt', content: '***' }] },
      'attachments.0.content',
    ],
    ['an unknown zip method', { ...small, options: { zip: 'rar' } }, 'options.zip'],
  ])('with %s', (_name, body, path) => {
    it(`answers 400 naming ${path}`, async () => {
      const res = await post(paid.apiKey, body);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { path: string }[] };
      expect(problem.errors.map((e) => e.path)).toContain(path);
    });
  });

  it('answers 413 when the attachments exceed the configured total', async () => {
    const mails = t.sink.messages.length;
    const half = Buffer.alloc(600 * 1024, 1).toString('base64');
    const res = await post(paid.apiKey, {
      ...small,
      attachments: [
        { filename: 'a.bin', content: half },
        { filename: 'b.bin', content: half },
      ],
    });
    expect(res.status).toBe(413);
    expect(t.sink.messages.length).toBe(mails);
  });

  it('answers a repeated Idempotency-Key with the first answer and sends nothing again', async () => {
    const mails = t.sink.messages.length;
    const headers = { 'Idempotency-Key': 'retry-1' };
    const first = await post(paid.apiKey, small, headers);
    const again = await post(paid.apiKey, small, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const a = (await first.json()) as Sent;
    const b = (await again.json()) as Sent;
    expect(b.id).toBe(a.id);
    expect(b.password).toBe(a.password);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(t.sink.messages.length).toBe(mails + 1);
  });

  it('sends once when two requests with one key overlap', async () => {
    const mails = t.sink.messages.length;
    const headers = { 'Idempotency-Key': 'overlap-1' };
    const answers = await Promise.all([1, 2, 3].map(() => post(paid.apiKey, small, headers)));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Sent[];
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.password)).size).toBe(1);
    // The definite end: the one message's jobs are done, so nothing more can be sent.
    const id = bodies[0]?.id ?? '';
    await expect
      .poll(async () => (await t.database.db.select().from(outbox).where(eq(outbox.messageId, id))).length)
      .toBe(0);
    expect(t.sink.messages.length).toBe(mails + 1);
  });

  it('keeps keys apart per account and refuses a key reused for another request', async () => {
    const other = await t.account('paid');
    const headers = { 'Idempotency-Key': 'shared-key' };
    const a = (await (await post(paid.apiKey, small, headers)).json()) as Sent;
    const b = (await (await post(other.apiKey, small, headers)).json()) as Sent;
    expect(b.id).not.toBe(a.id);
    const clash = await post(paid.apiKey, { ...small, text: 'anders' }, headers);
    expect(clash.status).toBe(409);
  });

  it('pages through the history newest first with a cursor', async () => {
    const acc = await t.account('paid');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      ids.push(((await (await post(acc.apiKey, { ...small, subject: `Nr. ${i}` })).json()) as Sent).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = (await (await t.request(`/v1/messages${q}`, { token: acc.apiKey })).json()) as {
        messages: { id: string; subject: string }[];
        nextCursor: string | null;
      };
      expect(page.messages.length).toBeLessThanOrEqual(2);
      seen.push(...page.messages.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.reverse());
    const bad = await t.request('/v1/messages?cursor=garbage', { token: acc.apiKey });
    expect(bad.status).toBe(400);
  });

  it('sends to Cc or Bcc recipients alone, keeping Bcc out of the headers', async () => {
    const before = t.sink.messages.length;
    for (const body of [
      { cc: ['only-cc@example.org'], text: 'x' },
      { bcc: ['only-bcc@example.org'], text: 'y' },
    ]) {
      const res = await post(paid.apiKey, body);
      expect(res.status).toBe(201);
      expect(((await res.json()) as Sent).status).toBe('sent');
    }
    const [cc, bcc] = t.sink.messages.slice(before);
    expect(cc?.to).toEqual(['only-cc@example.org']);
    expect(bcc?.to).toEqual(['only-bcc@example.org']);
    expect(bcc?.raw.toString('latin1')).not.toContain('only-bcc@example.org');
  });

  it('wants a signed-in caller', async () => {
    expect((await t.request('/v1/messages', { method: 'POST', json: small })).status).toBe(401);
    expect((await t.request('/v1/messages')).status).toBe(401);
  });
});
