import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../db/schema/accounts';
import { apiKeys } from '../../db/schema/api-keys';
import { createTestApp, type TestApp } from '../../test/helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

let counter = 0;
function uniqueEmail(): string {
  counter += 1;
  return `user${counter}-${Date.now()}@example.org`;
}

async function signUp(email = uniqueEmail(), password = 'correct horse battery') {
  const res = await t.request('/v1/accounts', {
    method: 'POST',
    json: { email, password, name: 'Dr. Anna Berg' },
  });
  expect(res.status).toBe(201);
  const account = (await res.json()) as { id: string; email: string };
  return { ...account, password };
}

async function login(email: string, password: string): Promise<string> {
  const res = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('sign-up and login', () => {
  it('creates a free account with a normalised email address', async () => {
    const res = await t.request('/v1/accounts', {
      method: 'POST',
      json: { email: '  Anna.Berg@Praxis-Example.DE ', password: 'correct horse battery', name: 'Anna' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      email: 'anna.berg@praxis-example.de',
      name: 'Anna',
      plan: 'free',
    });
    expect(
      (
        await t.request('/v1/auth/login', {
          method: 'POST',
          json: { email: 'ANNA.berg@praxis-example.de', password: 'correct horse battery' },
        })
      ).status,
    ).toBe(200);
  });

  it('answers a taken address, in any spelling, exactly as a new one and mails its owner', async () => {
    const a = await signUp();
    const taken = await t.request('/v1/accounts', {
      method: 'POST',
      json: { email: a.email.toUpperCase(), password: 'another good one', name: 'Dr. Anna Berg' },
    });
    const fresh = await t.request('/v1/accounts', {
      method: 'POST',
      json: { email: uniqueEmail(), password: 'another good one', name: 'Dr. Anna Berg' },
    });
    expect(taken.status).toBe(201);
    expect(fresh.status).toBe(201);
    const shape = (body: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(body).map(([k, v]) => [k, k === 'id' ? typeof v : v === null ? null : typeof v]),
      );
    const takenBody = (await taken.json()) as Record<string, unknown>;
    expect(shape(takenBody)).toEqual(shape((await fresh.json()) as Record<string, unknown>));
    expect(takenBody).toMatchObject({ email: a.email, plan: 'free', verified: false });
    expect(takenBody.id).not.toBe(a.id);
    // The owner hears of it (the account mails go out through the outbox, so wait for it).
    const subjects = async () =>
      Promise.all(
        t.mail.sent
          .filter((m) => m.envelope.to.includes(a.email))
          .map(async (m) => (await simpleParser(m.raw)).subject),
      );
    await expect.poll(subjects).toContain('Jemand wollte mit Ihrer E-Mail-Adresse ein Konto anlegen');
    // The owner's account is untouched: the old password still signs in, the new one does not.
    await login(a.email, a.password);
    const wrong = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: a.email, password: 'another good one' },
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a short password and says how long it must be', async () => {
    const res = await t.request('/v1/accounts', {
      method: 'POST',
      json: { email: uniqueEmail(), password: 'short' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string; errors: { path: string }[] };
    expect(body.detail).toContain('10');
    expect(body.errors[0]?.path).toBe('password');
  });

  it('stores the password as an Argon2id hash, never in clear', async () => {
    const a = await signUp();
    const [row] = await t.database.db
      .select({ hash: accounts.passwordHash })
      .from(accounts)
      .where(eq(accounts.id, a.id));
    const hash = String(row?.hash);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain(a.password);
  });

  it('logs in with a token and an expiry, and the token reads the account', async () => {
    const a = await signUp();
    const res = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: a.email, password: a.password },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresAt: string };
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    const me = await t.request('/v1/account', { token: body.token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: a.id, email: a.email, name: 'Dr. Anna Berg', plan: 'free' });
  });

  it('answers 401 for a wrong password and for an unknown address alike', async () => {
    const a = await signUp();
    const wrong = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: a.email, password: 'not the password' },
    });
    const unknown = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: uniqueEmail(), password: a.password },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as { detail: string }).detail).toBe(
      ((await unknown.json()) as { detail: string }).detail,
    );
  });

  it('ends the session on logout', async () => {
    const a = await signUp();
    const token = await login(a.email, a.password);
    expect((await t.request('/v1/auth/logout', { method: 'POST', token })).status).toBe(204);
    expect((await t.request('/v1/account', { token })).status).toBe(401);
  });

  it('stops accepting a session token after it expires', async () => {
    const a = await signUp();
    const token = await login(a.email, a.password);
    t.clock.advance(13 * 60 * 60_000);
    expect((await t.request('/v1/account', { token })).status).toBe(401);
  });

  it('refuses requests without or with a made-up token', async () => {
    const none = await t.request('/v1/account');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await t.request('/v1/account', { token: 'vts_forged' })).status).toBe(401);
    expect(
      (await t.request('/v1/account', { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).status,
    ).toBe(401);
  });
});

describe('password change', () => {
  it('ends every other session and the old password, and keeps the one that changed it', async () => {
    const a = await signUp();
    const here = await login(a.email, a.password);
    const elsewhere = await login(a.email, a.password);
    const res = await t.request('/v1/account/password', {
      method: 'PUT',
      token: here,
      json: { currentPassword: a.password, newPassword: 'a brand new passphrase' },
    });
    expect(res.status).toBe(204);
    expect((await t.request('/v1/account', { token: elsewhere })).status).toBe(401);
    expect((await t.request('/v1/account', { token: here })).status).toBe(200);
    expect(
      (await t.request('/v1/auth/login', { method: 'POST', json: { email: a.email, password: a.password } }))
        .status,
    ).toBe(401);
    await login(a.email, 'a brand new passphrase');
  });

  it('refuses a wrong current password and changes nothing', async () => {
    const a = await signUp();
    const token = await login(a.email, a.password);
    const res = await t.request('/v1/account/password', {
      method: 'PUT',
      token,
      json: { currentPassword: 'wrong wrong wrong', newPassword: 'a brand new passphrase' },
    });
    expect(res.status).toBe(403);
    await login(a.email, a.password);
  });
});

describe('API keys', () => {
  it('creates a key shown once, which then authenticates, is listed without itself, and stops on revoke', async () => {
    const a = await signUp();
    const token = await login(a.email, a.password);
    const created = await t.request('/v1/api-keys', {
      method: 'POST',
      token,
      json: { name: 'Outlook', password: a.password },
    });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; apiKey: string; prefix: string };
    expect(key.apiKey).toMatch(/^vtk_/);
    expect(key.apiKey.startsWith(key.prefix)).toBe(true);

    const me = await t.request('/v1/account', { token: key.apiKey });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe(a.id);

    const list = await t.request('/v1/api-keys', { token });
    const text = await list.text();
    expect(text).not.toContain(key.apiKey);
    expect(
      (JSON.parse(text) as { apiKeys: { id: string; name: string; lastUsedAt: string | null }[] }).apiKeys,
    ).toEqual([expect.objectContaining({ id: key.id, name: 'Outlook', lastUsedAt: expect.any(String) })]);

    expect((await t.request(`/v1/api-keys/${key.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await t.request('/v1/account', { token: key.apiKey })).status).toBe(401);
  });

  it('stores only a hash of the key', async () => {
    const a = await signUp();
    const token = await login(a.email, a.password);
    const key = (await (
      await t.request('/v1/api-keys', { method: 'POST', token, json: { password: a.password } })
    ).json()) as {
      apiKey: string;
    };
    const dump = JSON.stringify(await t.database.db.select().from(apiKeys));
    expect(dump).not.toContain(key.apiKey);
  });
});
