import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';

// The current password of a signed-in account (a new API key, a password change, a deletion) is
// checked under the same lock as a login: a stolen session cannot guess it faster than a login.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

let n = 0;
// Each sign-up from an address of its own: the sign-up limit per client is not what is tested here.
const signUpIp = () => `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;
async function signedIn() {
  n += 1;
  const email = `confirm${n}-${Math.random().toString(36).slice(2)}@example.org`;
  const password = 'the right password';
  expect(
    (await t.request('/v1/accounts', { method: 'POST', json: { email, password }, ip: signUpIp() })).status,
  ).toBe(201);
  const login = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  const { token } = (await login.json()) as { token: string };
  return { email, password, token };
}

type Call = (token: string, password: string, ip: string) => Promise<Response>;
const calls: [string, Call][] = [
  [
    'POST /v1/api-keys',
    (token, password, ip) =>
      t.request('/v1/api-keys', { method: 'POST', token, ip, json: { name: 'Outlook', password } }),
  ],
  [
    'PUT /v1/account/password',
    (token, password, ip) =>
      t.request('/v1/account/password', {
        method: 'PUT',
        token,
        ip,
        json: { currentPassword: password, newPassword: 'a brand new password' },
      }),
  ],
  [
    'DELETE /v1/account',
    (token, password, ip) => t.request('/v1/account', { method: 'DELETE', token, ip, json: { password } }),
  ],
];

describe.each(calls)('%s', (_route, call) => {
  it('refuses a wrong password with 403, locks at the fifth, then refuses the right one with 429', async () => {
    const a = await signedIn();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(a.token, `wrong guess ${i}`, '198.51.100.40')).status);
    expect(statuses).toEqual([403, 403, 403, 403, 429]);
    const res = await call(a.token, a.password, '198.51.100.41');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // The login is locked as well: the count is one.
    const login = await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: a.email, password: a.password },
    });
    expect(login.status).toBe(429);
  });

  it('counts wrong logins and wrong current passwords together', async () => {
    const a = await signedIn();
    for (let i = 0; i < 4; i++) {
      const login = await t.request('/v1/auth/login', {
        method: 'POST',
        ip: '198.51.100.42',
        json: { email: a.email, password: `wrong login ${i}` },
      });
      expect(login.status).toBe(401);
    }
    expect((await call(a.token, 'wrong again', '198.51.100.43')).status).toBe(429);
  });

  it('does what it says with the right password', async () => {
    const a = await signedIn();
    expect((await call(a.token, a.password, '198.51.100.44')).status).toBeLessThan(300);
  });
});

describe('POST /v1/api-keys', () => {
  it('needs the account password: a session alone makes no key', async () => {
    const a = await signedIn();
    const res = await t.request('/v1/api-keys', { method: 'POST', token: a.token, json: { name: 'x' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('password');
    const list = (await (await t.request('/v1/api-keys', { token: a.token })).json()) as { apiKeys: [] };
    expect(list.apiKeys).toEqual([]);
  });
});

describe('PUT /v1/account/password', () => {
  it('mails the account that its password was changed, in its language, without any password', async () => {
    const a = await signedIn();
    const before = t.mail.sent.length;
    const res = await t.request('/v1/account/password', {
      method: 'PUT',
      token: a.token,
      headers: { 'accept-language': 'en-GB,en;q=0.9' },
      json: { currentPassword: a.password, newPassword: 'a brand new password' },
    });
    expect(res.status).toBe(204);
    const [mail] = (await t.mail.waitFor(before + 1)).slice(before);
    expect(mail?.envelope.to).toEqual([a.email]);
    const text = mail?.raw.toString('utf8') ?? '';
    expect(text).toContain('Subject: Your password for vertraulich was changed');
    expect(text).not.toContain(a.password);
    expect(text).not.toContain('a brand new password');
  });

  it('sends nothing for a refused change', async () => {
    const a = await signedIn();
    const before = t.mail.sent.length;
    const res = await t.request('/v1/account/password', {
      method: 'PUT',
      token: a.token,
      json: { currentPassword: 'not the password', newPassword: 'a brand new password' },
    });
    expect(res.status).toBe(403);
    expect(t.mail.sent.length).toBe(before);
  });
});
