import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema/messages';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { createAccount } from '../accounts/accounts';
import { createApiKey } from '../accounts/api-keys';
import { loadConfig } from '../config';

// Quotas and limits (issue 13): each one reached answers 429 quota with Retry-After (or 400 past
// the recipient limit) and nothing is sealed, stored or sent; refusals use up nothing; the 24-hour
// window moves on.

let t: TestApp;
beforeAll(async () => {
  const config = loadConfig({
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vt-quota-')),
    LIMIT_MESSAGES_PER_DAY_FREE: '2',
    LIMIT_MESSAGES_PER_DAY_PAID: '4',
    LIMIT_SMS_PER_DAY: '3',
    LIMIT_RECIPIENTS_PER_MESSAGE: '3',
    LIMIT_SIGNUPS_PER_IP_PER_HOUR: '2',
  });
  t = await createTestApp({ config });
});
afterAll(() => t?.close());

let n = 0;
async function account(plan: 'free' | 'paid') {
  n += 1;
  const acc = await createAccount(t.database.db, { email: `q${n}@praxis.example`, name: 'Dr. Q', plan });
  const { apiKey } = await createApiKey(t.database.db, acc.id, 'test', t.clock.now());
  return { ...acc, apiKey };
}

const send = (apiKey: string, body: Record<string, unknown> = {}) =>
  t.request('/v1/messages', {
    method: 'POST',
    token: apiKey,
    json: { to: ['k.becker@example.org'], text: 'Befund', ...body },
  });

async function stored(accountId: string): Promise<number> {
  return (await t.database.db.select().from(messages).where(eq(messages.accountId, accountId))).length;
}

async function expectQuota(res: Response, detail: RegExp) {
  expect(res.status).toBe(429);
  const body = (await res.json()) as { type: string; detail: string };
  expect(body.type).toBe('urn:vertraulich:problem:quota');
  expect(body.detail).toMatch(detail);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  return retryAfter;
}

describe('messages per 24 hours', () => {
  it('refuses the message past the plan quota with Retry-After, sends nothing, and allows it a day later', async () => {
    const a = await account('free');
    expect((await send(a.apiKey)).status).toBe(201);
    t.clock.advance(60 * 60_000);
    expect((await send(a.apiKey)).status).toBe(201);
    const relayed = t.mail.sent.length;
    const retryAfter = await expectQuota(await send(a.apiKey), /2 messages in the last 24 hours/);
    // The first message leaves the window 23 hours from now.
    expect(retryAfter).toBe(23 * 60 * 60);
    expect(t.mail.sent.length).toBe(relayed);
    expect(await stored(a.id)).toBe(2);

    t.clock.advance(retryAfter * 1000);
    expect((await send(a.apiKey)).status).toBe(201);
    await expectQuota(await send(a.apiKey), /2 messages/);
  });

  it('counts only accepted messages: refusals use up nothing', async () => {
    const a = await account('free');
    expect((await send(a.apiKey, { to: ['not an address'] })).status).toBe(400);
    expect((await send(a.apiKey, { sms: ['0170 5555555'] })).status).toBe(403);
    expect(
      (await send(a.apiKey, { to: ['a@example.org', 'b@example.org', 'c@example.org', 'd@example.org'] }))
        .status,
    ).toBe(400);
    expect((await send(a.apiKey)).status).toBe(201);
    expect((await send(a.apiKey)).status).toBe(201);
    await expectQuota(await send(a.apiKey), /2 messages/);
  });

  it('gives the paid plan its own, larger quota', async () => {
    const a = await account('paid');
    for (let i = 0; i < 4; i++) expect((await send(a.apiKey)).status).toBe(201);
    await expectQuota(await send(a.apiKey), /4 messages/);
  });

  it('answers a replay with its Idempotency-Key as before, even with the quota used up', async () => {
    const a = await account('free');
    const first = await t.request('/v1/messages', {
      method: 'POST',
      token: a.apiKey,
      headers: { 'idempotency-key': 'k-1' },
      json: { to: ['k.becker@example.org'], text: 'Befund' },
    });
    expect(first.status).toBe(201);
    expect((await send(a.apiKey)).status).toBe(201);
    const replay = await t.request('/v1/messages', {
      method: 'POST',
      token: a.apiKey,
      headers: { 'idempotency-key': 'k-1' },
      json: { to: ['k.becker@example.org'], text: 'Befund' },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('password SMS per 24 hours', () => {
  it('refuses a message whose SMS would go past the quota, texts nothing and stores nothing', async () => {
    const a = await account('paid');
    expect((await send(a.apiKey, { sms: ['0170 5555551', '0170 5555552'] })).status).toBe(201);
    const texted = t.texts.sent.length;
    await expectQuota(await send(a.apiKey, { sms: ['0170 5555553', '0170 5555554'] }), /3 password SMS/);
    expect(t.texts.sent.length).toBe(texted);
    expect(await stored(a.id)).toBe(1);
    // One more still fits.
    expect((await send(a.apiKey, { sms: ['0170 5555553'] })).status).toBe(201);
  });
});

describe('a password SMS sent again', () => {
  it('counts against the SMS quota only, not as a message', async () => {
    const a = await account('paid');
    for (let i = 0; i < 3; i++) expect((await send(a.apiKey)).status).toBe(201);
    const last = await send(a.apiKey, { sms: ['0170 5555555'] });
    expect(last.status).toBe(201);
    const { id } = (await last.json()) as { id: string };
    await expectQuota(await send(a.apiKey), /4 messages/);
    const view = async () =>
      (await (await t.request(`/v1/messages/${id}`, { token: a.apiKey })).json()) as {
        sms: { id: string; status: string }[];
      };
    await expect.poll(async () => (await view()).sms[0]?.status).not.toBe('queued');
    const smsId = (await view()).sms[0]?.id ?? '';
    const again = await t.request(`/v1/messages/${id}/sms/${smsId}/resend`, {
      method: 'POST',
      token: a.apiKey,
    });
    expect(again.status).toBe(200);
  });
});

describe('recipients per message', () => {
  it('counts mail recipients and phones together and names the limit', async () => {
    const a = await account('paid');
    const res = await send(a.apiKey, {
      to: ['a@example.org', 'b@example.org'],
      cc: ['c@example.org'],
      sms: ['0170 5555555'],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string; errors: { path: string; message: string }[] };
    expect(body.detail).toMatch(/at most 3 recipients/);
    expect(body.errors[0]?.message).toMatch(/at most 3 recipients/);
    expect(await stored(a.id)).toBe(0);
    expect(
      (await send(a.apiKey, { to: ['a@example.org', 'b@example.org'], sms: ['0170 5555555'] })).status,
    ).toBe(201);
  });
});

describe('sign-ups per client address and hour', () => {
  const signUp = (email: string, ip: string) =>
    t.request('/v1/accounts', { method: 'POST', ip, json: { email, password: 'correct horse battery' } });

  it('refuses the third sign-up from one address within the hour, taken addresses counted too', async () => {
    expect((await signUp('s1@praxis.example', '198.51.100.7')).status).toBe(201);
    // A taken address counts like a new one, else the limit would tell them apart.
    expect((await signUp('s1@praxis.example', '198.51.100.7')).status).toBe(201);
    t.clock.advance(10 * 60_000);
    // The confirmation and the note to the owner have gone out (through the outbox) before counting.
    await expect
      .poll(() => t.mail.sent.filter((m) => m.envelope.to.includes('s1@praxis.example')).length)
      .toBe(2);
    const before = t.mail.sent.length;
    const retryAfter = await expectQuota(await signUp('s3@praxis.example', '198.51.100.7'), /sign-ups/);
    expect(retryAfter).toBe(50 * 60);
    expect(t.mail.sent.length).toBe(before);
    // Another client is not affected; the same one is welcome again after the hour.
    expect((await signUp('s4@praxis.example', '198.51.100.8')).status).toBe(201);
    t.clock.advance(retryAfter * 1000);
    expect((await signUp('s3@praxis.example', '198.51.100.7')).status).toBe(201);
  });

  it('refuses an invalid sign-up without counting it', async () => {
    const res = await t.request('/v1/accounts', {
      method: 'POST',
      ip: '198.51.100.20',
      json: { email: 'kurz@praxis.example', password: 'short' },
    });
    expect(res.status).toBe(400);
    expect((await signUp('ok1@praxis.example', '198.51.100.20')).status).toBe(201);
    expect((await signUp('ok2@praxis.example', '198.51.100.20')).status).toBe(201);
  });
});
