import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app';

// The receipt-mail setting through the HTTP API: shown in GET /v1/account, changed by PATCH.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function signedIn(email: string): Promise<string> {
  const password = 'correct horse battery';
  expect((await t.request('/v1/accounts', { method: 'POST', json: { email, password } })).status).toBe(201);
  const res = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  return ((await res.json()) as { token: string }).token;
}

describe('receipt mail setting', () => {
  it('is on for a new account and can be switched off and on again', async () => {
    const token = await signedIn('receipt-toggle@example.org');
    const before = await t.request('/v1/account', { token });
    expect(await before.json()).toMatchObject({ email: 'receipt-toggle@example.org', receiptMails: true });

    const off = await t.request('/v1/account', { method: 'PATCH', token, json: { receiptMails: false } });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ receiptMails: false, plan: 'free' });
    expect(await (await t.request('/v1/account', { token })).json()).toMatchObject({ receiptMails: false });

    const on = await t.request('/v1/account', { method: 'PATCH', token, json: { receiptMails: true } });
    expect(await on.json()).toMatchObject({ receiptMails: true });
  });

  it("changes only the caller's own account", async () => {
    const mine = await signedIn('receipt-mine@example.org');
    const theirs = await signedIn('receipt-theirs@example.org');
    await t.request('/v1/account', { method: 'PATCH', token: mine, json: { receiptMails: false } });
    expect(await (await t.request('/v1/account', { token: theirs })).json()).toMatchObject({
      receiptMails: true,
    });
  });

  describe.each([
    ['a string', { receiptMails: 'no' }],
    ['nothing', {}],
    ['another field', { receiptMails: true, plan: 'paid' }],
  ])('with %s in the body', (what, json) => {
    it('answers 400 problem+json and changes nothing', async () => {
      const token = await signedIn(`receipt-bad-${what.replace(/\W/g, '')}@example.org`);
      const res = await t.request('/v1/account', { method: 'PATCH', token, json });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await (await t.request('/v1/account', { token })).json()).toMatchObject({
        receiptMails: true,
        plan: 'free',
      });
    });
  });

  it('needs a signed-in caller', async () => {
    const res = await t.request('/v1/account', { method: 'PATCH', json: { receiptMails: false } });
    expect(res.status).toBe(401);
  });
});
