import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './helpers/app';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';

// Twilio's delivery reports, end to end: the message goes out through the real twilio client to the
// stand-in, which then posts signed status callbacks (Twilio's algorithm, written out in the
// stand-in) to the app; the sender reads the result through GET /v1/messages (issue 17).

interface SmsLine {
  id: string;
  phone: string;
  status: string;
  reason: string | null;
  errorCode: number | null;
  updatedAt: string;
}
interface MessageView {
  id: string;
  status: string;
  password: string;
  recipients: { address: string; status: string; reply: string | null }[];
  sms: SmsLine[];
}

describe('Twilio delivery reports', () => {
  let t: MessagesTestApp;
  let paid: { id: string; email: string; apiKey: string };

  beforeAll(async () => {
    t = await createMessagesTestApp();
    paid = await t.account('paid');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Sends a message with one phone; the sid Twilio answered and the message id. */
  async function sendWithSms(phone = '0170 5555555'): Promise<{ id: string; sid: string }> {
    const before = t.twilio.requests.length;
    const res = await t.request('/v1/messages', {
      method: 'POST',
      token: paid.apiKey,
      json: { to: ['a@example.org'], subject: 'Befund', text: 'vertraulich', sms: [phone] },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string };
    const [created] = await t.twilio.waitFor(before + 1).then((all) => all.slice(before));
    if (!created?.sid) throw new Error('no SMS at the stand-in');
    // Twilio took it; wait until the service has recorded the sid (a slow machine may answer first).
    await expect.poll(async () => (await view(body.id)).sms[0]?.status, { timeout: 20_000 }).toBe('sent');
    return { id: body.id, sid: created.sid };
  }

  async function view(id: string, token = paid.apiKey): Promise<MessageView> {
    const res = await t.request(`/v1/messages/${id}`, { token });
    expect(res.status).toBe(200);
    return (await res.json()) as MessageView;
  }

  async function sms(id: string): Promise<SmsLine> {
    const [line] = (await view(id)).sms;
    if (!line) throw new Error('no SMS line');
    return line;
  }

  it('asks Twilio to report each SMS to PUBLIC_URL/v1/webhooks/twilio/status', async () => {
    await sendWithSms();
    expect(t.twilio.requests.at(-1)?.form.StatusCallback).toBe(
      'https://vertraulich.test/v1/webhooks/twilio/status',
    );
  });

  it('moves a phone from sent to delivered, and a message with every part through stays sent', async () => {
    const { id, sid } = await sendWithSms();
    expect((await sms(id)).status).toBe('sent');
    expect((await t.twilio.report(sid, 'sent')).status).toBe(204);
    expect((await sms(id)).status).toBe('sent');
    expect((await t.twilio.report(sid, 'delivered')).status).toBe(204);
    expect(await sms(id)).toMatchObject({ status: 'delivered', reason: null, errorCode: null });
    expect((await view(id)).status).toBe('sent');
  });

  it('fails a phone reported undelivered with 30003 as unreachable, and the message with it', async () => {
    const { id, sid } = await sendWithSms();
    expect((await t.twilio.report(sid, 'undelivered', { errorCode: 30003 })).status).toBe(204);
    expect(await sms(id)).toMatchObject({ status: 'failed', reason: 'unreachable', errorCode: 30003 });
    expect((await view(id)).status).toBe('failed');
  });

  it.each([
    [30005, 'unknown_number'],
    [30006, 'landline'],
    [30007, 'filtered'],
    [30008, 'unknown'],
  ])('names error %i as %s', async (code, reason) => {
    const { id, sid } = await sendWithSms();
    await t.twilio.report(sid, 'failed', { errorCode: code });
    expect(await sms(id)).toMatchObject({ status: 'failed', reason, errorCode: code });
  });

  it('never goes backwards: reports out of order end at the final one', async () => {
    const { id, sid } = await sendWithSms();
    await t.twilio.report(sid, 'delivered');
    for (const late of ['sent', 'sending', 'queued']) {
      expect((await t.twilio.report(sid, late)).status).toBe(204);
    }
    expect((await sms(id)).status).toBe('delivered');
    // A final status stays: a later contradicting report changes nothing either.
    await t.twilio.report(sid, 'undelivered', { errorCode: 30003 });
    expect(await sms(id)).toMatchObject({ status: 'delivered', errorCode: null });

    const second = await sendWithSms();
    await t.twilio.report(second.sid, 'failed', { errorCode: 30007 });
    await t.twilio.report(second.sid, 'sent');
    await t.twilio.report(second.sid, 'delivered');
    expect(await sms(second.id)).toMatchObject({ status: 'failed', reason: 'filtered' });
  });

  it('takes the same report twice as once', async () => {
    const { id, sid } = await sendWithSms();
    await t.twilio.report(sid, 'delivered');
    const first = await sms(id);
    t.clock.advance(60_000);
    expect((await t.twilio.report(sid, 'delivered')).status).toBe(204);
    expect(await sms(id)).toEqual(first);
  });

  it.each([
    ['signed with another token', { signWith: 'not-the-auth-token' }],
    ['unsigned', { unsigned: true }],
  ])('refuses a report %s with 403 and changes nothing', async (_what, forged) => {
    const { id, sid } = await sendWithSms();
    const before = await sms(id);
    const res = await t.twilio.report(sid, 'undelivered', { errorCode: 30003, ...forged });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await sms(id)).toEqual(before);
  });

  it('refuses a report signed for another URL', async () => {
    const { id, sid } = await sendWithSms();
    const res = await t.twilio.report(sid, 'undelivered', {
      errorCode: 30003,
      url: 'https://elsewhere.example/v1/webhooks/twilio/status',
      post: (_url: string, init: RequestInit) =>
        t.request('/v1/webhooks/twilio/status', { ...init, body: String(init.body) }),
    });
    expect(res.status).toBe(403);
    expect((await sms(id)).status).toBe('sent');
  });

  it('takes a report about an SMS it does not know and changes nothing', async () => {
    const { id } = await sendWithSms();
    const before = await view(id);
    const unknown = `SM${'0'.repeat(32)}`;
    const res = await t.twilio.report(unknown, 'delivered', {
      url: 'https://vertraulich.test/v1/webhooks/twilio/status',
    });
    expect(res.status).toBe(204);
    expect(await view(id)).toEqual(before);
  });

  it('shows the same statuses in the message list', async () => {
    const { id, sid } = await sendWithSms();
    await t.twilio.report(sid, 'undelivered', { errorCode: 30003 });
    const res = await t.request('/v1/messages?limit=5', { token: paid.apiKey });
    const list = (await res.json()) as { messages: MessageView[] };
    expect(list.messages.find((m) => m.id === id)?.sms).toMatchObject([
      { status: 'failed', reason: 'unreachable', errorCode: 30003 },
    ]);
  });
});

describe('The delivery report route without Twilio', () => {
  it('is not there when SMS go to the local file', async () => {
    const t = await createTestApp();
    try {
      const res = await t.request('/v1/webhooks/twilio/status', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
        body: 'MessageSid=SM00000000000000000000000000000000&MessageStatus=delivered',
      });
      expect(res.status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
