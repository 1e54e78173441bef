import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  const email = 'bodies@example.org';
  const password = 'a good long password';
  await t.request('/v1/accounts', { method: 'POST', json: { email, password } });
  const res = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  token = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await t.close();
});

const huge = 'x'.repeat(70 * 1024);
const longButUnderLimit = 'y'.repeat(5000);

// [route, method, raw body, expected status]
const cases: [string, string, string, string, number][] = [
  ['malformed JSON', 'POST /v1/accounts', '{"email": "a@example.org", ', 'bad_request', 400],
  ['empty body', 'POST /v1/accounts', '', 'bad_request', 400],
  [
    'an array instead of an object',
    'POST /v1/accounts',
    '[{"email":"a@example.org","password":"long enough pw"}]',
    'invalid',
    400,
  ],
  ['a string instead of an object', 'POST /v1/accounts', '"hello"', 'invalid', 400],
  ['null', 'POST /v1/accounts', 'null', 'invalid', 400],
  ['missing password', 'POST /v1/accounts', '{"email":"a@example.org"}', 'invalid', 400],
  ['missing email', 'POST /v1/accounts', '{"password":"long enough pw"}', 'invalid', 400],
  ['email as a number', 'POST /v1/accounts', '{"email":42,"password":"long enough pw"}', 'invalid', 400],
  [
    'email not an address',
    'POST /v1/accounts',
    '{"email":"not-an-address","password":"long enough pw"}',
    'invalid',
    400,
  ],
  [
    'password as an object',
    'POST /v1/accounts',
    '{"email":"a@example.org","password":{"$gt":""}}',
    'invalid',
    400,
  ],
  [
    'name as an array',
    'POST /v1/accounts',
    '{"email":"a@example.org","password":"long enough pw","name":["x"]}',
    'invalid',
    400,
  ],
  [
    'a huge email',
    'POST /v1/accounts',
    JSON.stringify({ email: `${longButUnderLimit}@example.org`, password: 'long enough pw' }),
    'invalid',
    400,
  ],
  [
    'a huge password',
    'POST /v1/auth/login',
    JSON.stringify({ email: 'a@example.org', password: longButUnderLimit }),
    'invalid',
    400,
  ],
  [
    'a body over 64 KB',
    'POST /v1/accounts',
    JSON.stringify({ email: 'a@example.org', password: huge }),
    'payload_too_large',
    413,
  ],
  ['login with an array', 'POST /v1/auth/login', '[]', 'invalid', 400],
  ['login with wrong types', 'POST /v1/auth/login', '{"email":true,"password":1}', 'invalid', 400],
  [
    'password change without the new one',
    'PUT /v1/account/password',
    '{"currentPassword":"a good long password"}',
    'invalid',
    400,
  ],
  [
    'password change to a short one',
    'PUT /v1/account/password',
    '{"currentPassword":"a good long password","newPassword":"short"}',
    'invalid',
    400,
  ],
  ['delete without password', 'DELETE /v1/account', '{}', 'invalid', 400],
  ['delete with malformed JSON', 'DELETE /v1/account', '{password', 'bad_request', 400],
  ['API key name as a number', 'POST /v1/api-keys', '{"name":5}', 'invalid', 400],
  [
    'API key with a huge name',
    'POST /v1/api-keys',
    JSON.stringify({ name: longButUnderLimit }),
    'invalid',
    400,
  ],
];

describe.each(cases)('%s (%s)', (_label, route, body, code, status) => {
  it(`answers ${status} problem+json`, async () => {
    const [method, path] = route.split(' ') as [string, string];
    const res = await t.request(path, {
      method,
      body,
      token,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as {
      type: string;
      status: number;
      title: string;
      detail: string;
      errors?: unknown[];
    };
    expect(problem).toMatchObject({ type: `urn:vertraulich:problem:${code}`, status });
    expect(problem.title.length).toBeGreaterThan(0);
    if (code === 'invalid') {
      expect(problem.errors?.length).toBeGreaterThan(0);
      expect(problem.errors?.[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
  });
});

describe('the wrong content type', () => {
  it('is refused with 4xx problem+json rather than read', async () => {
    const res = await t.request('/v1/accounts', {
      method: 'POST',
      body: 'email=a@example.org&password=long+enough+pw',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
