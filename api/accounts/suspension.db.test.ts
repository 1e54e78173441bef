import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { createAccount } from './accounts';
import { createApiKey } from './api-keys';
import { suspendAccount, unsuspendAccount } from './suspension';

// Suspension (issue 13): nothing is sent for a suspended account, and its logins, sessions and keys
// are refused with the operator's reason in plain words; unsuspend lets it in again.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const password = 'correct horse battery';
const reason = 'Recipients reported phishing mails';

async function user(email: string) {
  const acc = await createAccount(t.database.db, { email, password, name: 'Dr. S', plan: 'free' });
  const { apiKey } = await createApiKey(t.database.db, acc.id, 'test', t.clock.now());
  const login = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  const { token } = (await login.json()) as { token: string };
  return { ...acc, apiKey, token };
}

const login = (email: string, pw = password) =>
  t.request('/v1/auth/login', { method: 'POST', json: { email, password: pw } });
const send = (token: string) =>
  t.request('/v1/messages', {
    method: 'POST',
    token,
    json: { to: ['k.becker@example.org'], text: 'Befund' },
  });

async function expectSuspended(res: Response) {
  expect(res.status).toBe(403);
  const body = (await res.json()) as { type: string; detail: string };
  expect(body.type).toBe('urn:vertraulich:problem:suspended');
  expect(body.detail).toContain(`Reason: ${reason}`);
}

describe('a suspended account', () => {
  it('sends nothing and is refused at login, with its session and its key, with the reason', async () => {
    const u = await user('gesperrt@praxis.example');
    await suspendAccount(t.database.db, u.email, reason, t.clock.now());
    const relayed = t.mail.sent.length;
    await expectSuspended(await send(u.apiKey));
    await expectSuspended(await send(u.token));
    await expectSuspended(await t.request('/v1/account', { token: u.token }));
    await expectSuspended(await login(u.email));
    expect(t.mail.sent.length).toBe(relayed);
    // A wrong password learns nothing about the suspension.
    expect((await login(u.email, 'wrong password here')).status).toBe(401);

    await unsuspendAccount(t.database.db, u.email, t.clock.now());
    expect((await login(u.email)).status).toBe(200);
    expect((await send(u.apiKey)).status).toBe(201);
  });
});
