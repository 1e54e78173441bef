import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';

// "Send again" for a password SMS that did not arrive: the same password to the same phone, as a
// new SMS that counts against the SMS quota (issue 17).

interface SmsLine {
  id: string;
  phone: string;
  status: string;
  reason: string | null;
}
interface MessageView {
  id: string;
  status: string;
  password: string;
  sms: SmsLine[];
}

describe('POST /v1/messages/:id/sms/:smsId/resend', () => {
  let t: MessagesTestApp;
  let paid: { id: string; email: string; apiKey: string };

  beforeAll(async () => {
    // Three SMS a day: the test spends them and sees the fourth refused.
    t = await createMessagesTestApp({ env: { LIMIT_SMS_PER_DAY: '3' } });
    paid = await t.account('paid');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Waits until the service recorded that Twilio took the message's SMS. */
  const smsSent = (id: string, token = paid.apiKey) =>
    expect
      .poll(
        async () =>
          ((await (await t.request(`/v1/messages/${id}`, { token })).json()) as MessageView).sms[0]?.status,
        { timeout: 20_000 },
      )
      .toBe('sent');

  const resend = (id: string, smsId: string, token = paid.apiKey) =>
    t.request(`/v1/messages/${id}/sms/${smsId}/resend`, { method: 'POST', token });

  it('sends the same password to the same phone again, shows the new SMS, and counts it', async () => {
    const res = await t.request('/v1/messages', {
      method: 'POST',
      token: paid.apiKey,
      json: { to: ['a@example.org'], subject: 'Befund', text: 'vertraulich', sms: ['0170 55555555'] },
    });
    const sent = (await res.json()) as MessageView;
    await smsSent(sent.id);
    const first = t.twilio.requests.at(-1);
    const line = sent.sms[0];
    if (!first?.sid || !line) throw new Error('no SMS');
    await t.twilio.report(first.sid, 'undelivered', { errorCode: 30003 });

    const again = await resend(sent.id, line.id);
    expect(again.status).toBe(200);
    expect(again.headers.get('cache-control')).toContain('no-store');
    const view = (await again.json()) as MessageView;
    expect(view.sms).toHaveLength(1);
    expect(view.sms[0]).toMatchObject({ phone: '+4917055555555', reason: null });
    expect(view.sms[0]?.id).not.toBe(line.id);
    await smsSent(sent.id);
    const after = (await (
      await t.request(`/v1/messages/${sent.id}`, { token: paid.apiKey })
    ).json()) as MessageView;
    expect(after.status).toBe('sent');
    const second = t.twilio.requests.at(-1);
    expect(second?.sid).not.toBe(first.sid);
    expect(second?.to).toBe('+4917055555555');
    expect(second?.body).toBe(first.body);
    expect(second?.body).toContain(sent.password);

    // A late report about the first SMS no longer touches the phone's line.
    await t.twilio.report(first.sid, 'failed', { errorCode: 30005 });
    const now = (await (
      await t.request(`/v1/messages/${sent.id}`, { token: paid.apiKey })
    ).json()) as MessageView;
    expect(now.sms[0]).toMatchObject({ id: view.sms[0]?.id, status: 'sent' });

    // The old line was replaced: sending it again a second time is refused.
    expect((await resend(sent.id, line.id)).status).toBe(404);

    // Two SMS used of three: one more resend is taken, the next is over the quota.
    const latest = view.sms[0]?.id ?? '';
    const third = (await (await resend(sent.id, latest)).json()) as MessageView;
    await smsSent(sent.id);
    const fourth = await resend(sent.id, third.sms[0]?.id ?? '');
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await fourth.json()) as { type: string }).type).toBe('urn:vertraulich:problem:quota');
    expect(t.twilio.requests.filter((r) => r.to === '+4917055555555')).toHaveLength(3);
  });

  it("answers 404 for another account's message and sends nothing", async () => {
    const other = await t.account('paid', 'Someone Else');
    const [row] = await t.database.db.query.messageSms.findMany({ limit: 1 });
    if (!row) throw new Error('no SMS row');
    const before = t.twilio.requests.length;
    const refused = await resend(row.messageId, row.id, other.apiKey);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { detail: string }).detail).toContain('No such SMS');
    expect(t.twilio.requests.length).toBe(before);
  });
});

describe('A resent SMS counts on the day it is sent', () => {
  let t: MessagesTestApp;
  beforeAll(async () => {
    t = await createMessagesTestApp({ env: { LIMIT_SMS_PER_DAY: '2' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts resending the SMS of a message from the day before against today', async () => {
    const paid = await t.account('paid');
    const send = () =>
      t.request('/v1/messages', {
        method: 'POST',
        token: paid.apiKey,
        json: { to: ['a@example.org'], subject: 'Befund', text: 'vertraulich', sms: ['0170 55555555'] },
      });
    const old = (await (await send()).json()) as MessageView;
    await expect
      .poll(
        async () =>
          ((await (await t.request(`/v1/messages/${old.id}`, { token: paid.apiKey })).json()) as MessageView)
            .sms[0]?.status,
        { timeout: 20_000 },
      )
      .toBe('sent');
    t.clock.advance(25 * 60 * 60_000);
    expect((await send()).status).toBe(201);
    const again = await t.request(`/v1/messages/${old.id}/sms/${old.sms[0]?.id}/resend`, {
      method: 'POST',
      token: paid.apiKey,
    });
    expect(again.status).toBe(200);
    // Two SMS today (the new message's and the resend): a third is over the limit.
    expect((await send()).status).toBe(429);
  });
});
