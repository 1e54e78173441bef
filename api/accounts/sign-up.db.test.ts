import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../db/schema/accounts';
import { messages } from '../../db/schema/messages';
import { outbox } from '../../db/schema/outbox';
import { verificationTokens } from '../../db/schema/verification-tokens';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { verificationToken } from '../../test/helpers/verification';
import { acceptAll } from '../delivery/memory-transport';
import { createAccount } from './accounts';
import { VERIFY_TTL_MS } from './verification';

// Double opt-in (issue 13): a self sign-up can sign in at once but send nothing until the mailed
// one-time link is opened; the link works once and for 48 hours; it can be mailed again, throttled.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

let n = 0;
const password = 'correct horse battery';

async function signUp(lang = 'de-DE') {
  n += 1;
  const email = `neu${n}@praxis.example`;
  const res = await t.request('/v1/accounts', {
    method: 'POST',
    json: { email, password, name: 'Dr. Neu' },
    headers: { 'accept-language': lang },
  });
  expect(res.status).toBe(201);
  const login = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return { email, token, ...((await res.json()) as { id: string; verified: boolean }) };
}

const send = (token: string) =>
  t.request('/v1/messages', {
    method: 'POST',
    token,
    json: { to: ['k.becker@example.org'], text: 'Befund' },
  });

async function tokenFor(email: string): Promise<string> {
  await expect.poll(() => verificationToken(t.mail.sent, email)).toBeDefined();
  return verificationToken(t.mail.sent, email) ?? '';
}

const verify = (token: string) => t.request('/v1/accounts/verify', { method: 'POST', json: { token } });

async function messagesOf(accountId: string) {
  return t.database.db.select().from(messages).where(eq(messages.accountId, accountId));
}

describe('a new sign-up', () => {
  it('signs in, sends nothing before the link is opened, and sends once it is', async () => {
    const user = await signUp();
    expect(user.verified).toBe(false);
    const me = await t.request('/v1/account', { token: user.token });
    expect(await me.json()).toMatchObject({ email: user.email, verified: false });

    const token = await tokenFor(user.email);
    const mailsBefore = t.mail.sent.length;
    const refused = await send(user.token);
    expect(refused.status).toBe(403);
    const problem = (await refused.json()) as { type: string; detail: string };
    expect(problem.type).toBe('urn:vertraulich:problem:unverified');
    expect(problem.detail).toMatch(/confirm your email address/);
    expect(await messagesOf(user.id)).toEqual([]);
    expect(t.mail.sent.length).toBe(mailsBefore);

    // The link in the mail, in the language the browser asked for.
    const mail = await simpleParser(t.mail.sent.find((m) => m.envelope.to.includes(user.email))?.raw ?? '');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse für vertraulich');
    expect(mail.text).toContain('http://localhost:8787/#/verify/vtv_');
    expect(mail.text).toContain('48 Stunden');
    expect((await verify(token)).status).toBe(204);
    expect(await (await t.request('/v1/account', { token: user.token })).json()).toMatchObject({
      verified: true,
    });
    const sent = await send(user.token);
    expect(sent.status).toBe(201);
    expect(await messagesOf(user.id)).toHaveLength(1);
  });

  it('mails the link in English to an English browser', async () => {
    const user = await signUp('en-GB,en;q=0.9');
    await tokenFor(user.email);
    const mail = await simpleParser(t.mail.sent.find((m) => m.envelope.to.includes(user.email))?.raw ?? '');
    expect(mail.subject).toBe('Please confirm your email address for vertraulich');
    expect(mail.text).toContain('/#/verify/vtv_');
  });

  it('refuses a used link, an unknown one and an expired one alike', async () => {
    const user = await signUp();
    const token = await tokenFor(user.email);
    expect((await verify(token)).status).toBe(204);
    const again = await verify(token);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('token');
    expect((await verify('vtv_made-up')).status).toBe(400);
    expect((await verify('anything')).status).toBe(400);

    const late = await signUp();
    const lateToken = await tokenFor(late.email);
    t.clock.advance(VERIFY_TTL_MS + 1000);
    expect((await verify(lateToken)).status).toBe(400);
    const [row] = await t.database.db.select().from(accounts).where(eq(accounts.id, late.id));
    expect(row?.verifiedAt).toBeNull();
    const login = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: late.email, password },
    });
    expect((await send(((await login.json()) as { token: string }).token)).status).toBe(403);
  });

  it('mails the link again on request, at most once a minute, and the new link works', async () => {
    const user = await signUp();
    const first = await tokenFor(user.email);
    t.clock.advance(61_000);
    const resend = () => t.request('/v1/accounts/verify/resend', { method: 'POST', token: user.token });
    expect((await resend()).status).toBe(204);
    await expect.poll(() => verificationToken(t.mail.sent, user.email)).not.toBe(first);
    const second = verificationToken(t.mail.sent, user.email) ?? '';

    const tooSoon = await resend();
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await verify(second)).status).toBe(204);
    expect((await send(user.token)).status).toBe(201);

    // Proven: nothing more to send.
    t.clock.advance(61_000);
    expect((await resend()).status).toBe(204);
    // No new link made, so none mailed.
    const tokens = await t.database.db
      .select()
      .from(verificationTokens)
      .where(eq(verificationTokens.accountId, user.id));
    expect(tokens).toEqual([]);
    expect((await t.request('/v1/accounts/verify/resend', { method: 'POST' })).status).toBe(401);
  });

  it('refuses names with control, bidi or invisible characters, or over 100 characters, naming the field', async () => {
    for (const name of [
      'Anna\nBcc: x@evil.example',
      'Bank \u202Emoc.knab',
      'x'.repeat(101),
      'Zero\u200Bwidth',
    ]) {
      const res = await t.request('/v1/accounts', {
        method: 'POST',
        json: { email: `name${n++}@praxis.example`, password, name },
      });
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('name');
    }
    const ok = await t.request('/v1/accounts', {
      method: 'POST',
      json: { email: `name${n++}@praxis.example`, password, name: 'Praxis Dr. Çelik-Øberg' },
    });
    expect(ok.status).toBe(201);
  });
});

describe('the confirmation mail', () => {
  it('waits in the outbox while the relay is down; the sign-up answers as always', async () => {
    t.mail.respondWith(() => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
    });
    try {
      n += 1;
      const email = `ausfall${n}@praxis.example`;
      const res = await t.request('/v1/accounts', { method: 'POST', json: { email, password } });
      expect(res.status).toBe(201);
      const waiting = async () =>
        (await t.database.db.select().from(outbox).where(eq(outbox.kind, 'account'))).filter(
          (r) => r.lastError !== null && JSON.stringify(r.payload).includes(email),
        );
      await expect.poll(async () => (await waiting()).length).toBe(1);
      expect((await waiting())[0]?.messageId).toBeNull();
    } finally {
      t.mail.respondWith(acceptAll);
    }
  });
});

describe('an account the operator made', () => {
  it('is verified and can send at once', async () => {
    const acc = await createAccount(t.database.db, { email: 'op@praxis.example', password, plan: 'free' });
    expect(acc.verified).toBe(true);
    const login = await t.request('/v1/auth/login', { method: 'POST', json: { email: acc.email, password } });
    const { token } = (await login.json()) as { token: string };
    expect((await send(token)).status).toBe(201);
  });
});

describe('changing the name later (PATCH /v1/account)', () => {
  it('checks it like a sign-up, naming the field, and keeps the old one on a refusal', async () => {
    const user = await signUp();
    const patch = (json: unknown) => t.request('/v1/account', { method: 'PATCH', token: user.token, json });
    const bad = await patch({ name: 'Bank \u202Emoc.knab' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('name');
    expect((await patch({ name: 'y'.repeat(101) })).status).toBe(400);
    expect(await (await t.request('/v1/account', { token: user.token })).json()).toMatchObject({
      name: 'Dr. Neu',
    });
    const ok = await patch({ name: '  Praxis Dr. Neu  ' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ name: 'Praxis Dr. Neu', receiptMails: true });
    expect(await (await patch({ name: null })).json()).toMatchObject({ name: null });
  });
});
