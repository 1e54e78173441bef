import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/outbox';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { createAccount } from '../accounts/accounts';
import { createApiKey } from '../accounts/api-keys';
import { acceptAll } from '../delivery/memory-transport';

// The send path on the composition root's fakes (in-memory relay and SMS sender, a movable clock):
// what POST /v1/messages answers for each thing the relay does, and that an Idempotency-Key never
// sends twice. The real relay and Twilio are in test/messages-api.db.test.ts.

interface Sent {
  id: string;
  status: string;
  password: string;
  recipients: { address: string; status: string }[];
}

describe('the send path on in-memory adapters', () => {
  let t: TestApp;
  let apiKey: string;
  let account: Awaited<ReturnType<typeof createAccount>>;
  beforeAll(async () => {
    t = await createTestApp({ firstAttemptWaitMs: 200 });
    account = await createAccount(t.deps.db, { email: 'praxis@example.org', name: 'Praxis', plan: 'paid' });
    apiKey = (await createApiKey(t.deps.db, account.id, 'test', t.clock.now())).apiKey;
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    t.request('/v1/messages', { method: 'POST', token: apiKey, json: body, headers });
  const jobsOf = async (id: string) =>
    (await t.deps.db.select().from(outbox).where(eq(outbox.messageId, id))).length;

  it('answers sent once the relay took the mail, Bcc only in the envelope, the password by SMS', async () => {
    const before = t.mail.sent.length;
    const res = await post({
      to: ['a@example.org'],
      bcc: ['hidden@example.org'],
      subject: 'Befund',
      text: 'Werte unauffällig',
      sms: ['0170 5555555'],
    });
    expect(res.status).toBe(201);
    const sent = (await res.json()) as Sent;
    expect(sent.status).toBe('sent');
    const [mail] = t.mail.sent.slice(before);
    expect(mail?.envelope.to.sort()).toEqual(['a@example.org', 'hidden@example.org']);
    const header = mail?.raw.toString('latin1').split('\r\n\r\n')[0] ?? '';
    expect(header).not.toContain('hidden@example.org');
    expect(mail?.raw.toString('latin1')).not.toContain('Werte unauffällig');
    expect(t.texts.sent.at(-1)).toMatchObject({ to: '+491705555555' });
    expect(t.texts.sent.at(-1)?.body).toContain(sent.password);
    expect(await jobsOf(sent.id)).toBe(0);
  });

  it('answers queued when the relay does not answer in time, and the job waits in the outbox', async () => {
    let answer = () => {};
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    t.mail.respondWith(async (envelope) => {
      await held;
      return { accepted: envelope.to, rejected: [], reference: 'late' };
    });
    try {
      const res = await post({ to: ['slow@example.org'], text: 'x' });
      const sent = (await res.json()) as Sent;
      expect(res.status).toBe(201);
      expect(sent.status).toBe('queued');
      expect(sent.recipients).toEqual([
        expect.objectContaining({ address: 'slow@example.org', status: 'queued' }),
      ]);
      expect(await jobsOf(sent.id)).toBe(1);
      // The relay answers late: the attempt still records the mail as sent.
      answer();
      await expect.poll(() => jobsOf(sent.id)).toBe(0);
    } finally {
      answer();
      t.mail.respondWith(acceptAll);
    }
  });

  it('fails a recipient the relay refuses for good (550) at once', async () => {
    t.mail.respondWith(() => {
      throw Object.assign(new Error('550 5.1.1 no such user'), {
        responseCode: 550,
        response: '550 5.1.1 no such user',
      });
    });
    try {
      const sent = (await (await post({ to: ['gone@example.org'], text: 'x' })).json()) as Sent;
      expect(sent.status).toBe('failed');
      expect(sent.recipients).toEqual([expect.objectContaining({ status: 'failed' })]);
    } finally {
      t.mail.respondWith(acceptAll);
    }
  });

  it('answers a repeated Idempotency-Key with the first answer and sends nothing again', async () => {
    const before = t.mail.calls;
    const body = { to: ['once@example.org'], text: 'einmal' };
    const headers = { 'Idempotency-Key': 'k-1' };
    const answers = await Promise.all([post(body, headers), post(body, headers)]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Sent[];
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    const again = await post(body, headers);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as Sent).password).toBe(bodies[0]?.password);
    await expect.poll(() => jobsOf(bodies[0]?.id ?? '')).toBe(0);
    expect(t.mail.calls - before).toBe(1);
    const other = await post({ ...body, text: 'anders' }, headers);
    expect(other.status).toBe(409);
  });

  it('takes To and Cc of a submitted message from its header, and makes every other envelope recipient Bcc', async () => {
    const raw = Buffer.from(
      [
        'From: Praxis <praxis@example.org>',
        'To: "Müller, Anna" <Anna@Example.org>,',
        ' =?utf-8?q?B=C3=A4r?= <baer@example.org>',
        'Cc: team: carl@example.org, dora@example.org;',
        'Subject: Befund',
        '',
        'Text',
        '',
      ].join('\r\n'),
    );
    const rcpt = [
      'anna@example.org',
      'baer@example.org',
      'carl@example.org',
      'dora@example.org',
      'eve@example.org',
    ];
    const sent = await t.deps.messaging.sendRaw(account, raw, rcpt);
    const view = await t.deps.messaging.get(account.id, sent.id);
    expect(view?.recipients.map((r) => [r.address, r.kind])).toEqual([
      ['anna@example.org', 'to'],
      ['baer@example.org', 'to'],
      ['carl@example.org', 'cc'],
      ['dora@example.org', 'cc'],
      ['eve@example.org', 'bcc'],
    ]);
  });
});
