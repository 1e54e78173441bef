import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../api/config';
import { createTestApp, type TestApp } from './helpers/app';

// The portal's cookie session on the real app and database: set only for the portal, HttpOnly and
// SameSite=Strict, Secure behind https, and useless for a cross-site request that changes anything.

const portal = { 'x-vertraulich-client': 'portal' };
const password = 'richtig-langes-passwort';

function cookieOf(res: Response): string | undefined {
  return res.headers.get('set-cookie') ?? undefined;
}

/** The `name=value` part a browser would send back. */
function sendBack(setCookie: string): string {
  return setCookie.split(';')[0] ?? '';
}

async function signUpAndLogin(t: TestApp, email: string, headers: Record<string, string> = portal) {
  const created = await t.request('/v1/accounts', { method: 'POST', json: { email, password } });
  expect(created.status).toBe(201);
  return t.request('/v1/auth/login', { method: 'POST', json: { email, password }, headers });
}

describe('portal session cookie over http', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await signUpAndLogin(t, 'anna@example.org');
    expect(res.status).toBe(200);
    cookie = cookieOf(res) ?? '';
  });
  afterAll(() => t.close());

  it('sets an HttpOnly, SameSite=Strict cookie on the whole site, not Secure over plain http', () => {
    expect(cookie).toMatch(/^vertraulich_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('sets no cookie for API clients that did not ask for it', async () => {
    const res = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: 'anna@example.org', password },
    });
    expect(res.status).toBe(200);
    expect(cookieOf(res)).toBeUndefined();
  });

  it('signs in reads with the cookie alone', async () => {
    const res = await t.request('/v1/account', { headers: { cookie: sendBack(cookie) } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { email: string }).email).toBe('anna@example.org');
  });

  it('refuses a state change carried by the cookie without the portal header, and changes nothing', async () => {
    const res = await t.request('/v1/api-keys', {
      method: 'POST',
      json: { name: 'forged', password },
      headers: { cookie: sendBack(cookie) },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const list = await t.request('/v1/api-keys', { headers: { cookie: sendBack(cookie) } });
    expect(JSON.stringify(await list.json())).not.toContain('forged');
  });

  it('refuses a state change from another origin even with the header', async () => {
    const res = await t.request('/v1/api-keys', {
      method: 'POST',
      json: { name: 'forged', password },
      headers: { cookie: sendBack(cookie), origin: 'https://evil.example', ...portal },
    });
    expect(res.status).toBe(403);
  });

  it('accepts a state change from the portal on its own origin', async () => {
    const res = await t.request('http://localhost/v1/api-keys', {
      method: 'POST',
      json: { name: 'portal key', password },
      headers: { cookie: sendBack(cookie), origin: 'http://localhost', ...portal },
    });
    expect(res.status).toBe(201);
  });

  it('ends the session and clears the cookie at logout', async () => {
    const login = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: 'anna@example.org', password },
      headers: portal,
    });
    const own = sendBack(cookieOf(login) ?? '');
    const out = await t.request('/v1/auth/logout', { method: 'POST', headers: { cookie: own, ...portal } });
    expect(out.status).toBe(204);
    expect(cookieOf(out)).toMatch(/vertraulich_session=;.*Max-Age=0/i);
    const after = await t.request('/v1/account', { headers: { cookie: own } });
    expect(after.status).toBe(401);
  });
  it('clears the cookie when the account is deleted', async () => {
    const login = await signUpAndLogin(t, 'weg@example.org');
    const own = sendBack(cookieOf(login) ?? '');
    const res = await t.request('/v1/account', {
      method: 'DELETE',
      json: { password },
      headers: { cookie: own, ...portal },
    });
    expect(res.status).toBe(204);
    expect(cookieOf(res)).toMatch(/vertraulich_session=;.*Max-Age=0/i);
  });
});

describe('portal session cookie behind https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: loadConfig({ DATA_DIR: '.tmp/test-data', PUBLIC_URL: 'https://vertraulich.example' }),
    });
  });
  afterAll(() => t.close());

  it('marks the cookie Secure and binds it to the host with the __Host- prefix', async () => {
    const res = await signUpAndLogin(t, 'ben@example.org');
    const cookie = cookieOf(res) ?? '';
    expect(cookie).toMatch(/^__Host-vertraulich_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).not.toMatch(/Domain=/i);
    const me = await t.request('/v1/account', { headers: { cookie: sendBack(cookie) } });
    expect(me.status).toBe(200);
  });
});
