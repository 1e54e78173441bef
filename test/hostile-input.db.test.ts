import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';

// What an HTTP fuzzer found answered 500 (issue 16): a NUL reaching PostgreSQL, a cursor whose date
// PostgreSQL cannot take. Each is a 4xx now, refused before any query.

let t: MessagesTestApp;
let apiKey: string;
beforeAll(async () => {
  t = await createMessagesTestApp();
  ({ apiKey } = await t.account('paid'));
});
afterAll(async () => {
  await t?.close();
});

const cursor = (text: string) => Buffer.from(text).toString('base64url');
const someId = 'msg_AAAAAAAAAAAAAAAAAAAAAA';

// [what, method, path, JSON body or undefined, status]
const cases: [string, string, string, unknown, number][] = [
  ['a NUL as message id', 'GET', '/v1/messages/%00', undefined, 404],
  ['a NUL inside a message id', 'GET', `/v1/messages/${someId.slice(0, -1)}%00`, undefined, 404],
  ['an account id as message id', 'GET', '/v1/messages/acc_AAAAAAAAAAAAAAAAAAAAAA', undefined, 404],
  ['a message id of the wrong length', 'GET', '/v1/messages/msg_short', undefined, 404],
  ['a NUL in the path of another route', 'DELETE', '/v1/api-keys/%00', undefined, 404],
  [
    'a cursor dated 99999-01-01',
    'GET',
    `/v1/messages?cursor=${cursor(`99999-01-01|${someId}`)}`,
    undefined,
    400,
  ],
  [
    'a cursor dated +099999 in ISO form',
    'GET',
    `/v1/messages?cursor=${cursor(`+099999-01-01T00:00:00.000Z|${someId}`)}`,
    undefined,
    400,
  ],
  [
    'a cursor dated year 0',
    'GET',
    `/v1/messages?cursor=${cursor(`0000-01-01T00:00:00.000Z|${someId}`)}`,
    undefined,
    400,
  ],
  [
    'a cursor with a NUL in its id',
    'GET',
    `/v1/messages?cursor=${cursor(`2026-01-01T00:00:00.000Z|msg_\0`)}`,
    undefined,
    400,
  ],
  [
    'a cursor with a foreign id',
    'GET',
    `/v1/messages?cursor=${cursor(`2026-01-01T00:00:00.000Z|acc_AAAAAAAAAAAAAAAAAAAAAA`)}`,
    undefined,
    400,
  ],
  ['a cursor that is no base64', 'GET', '/v1/messages?cursor=%%%', undefined, 400],
  ['a NUL as cursor', 'GET', '/v1/messages?cursor=%00', undefined, 400],
  ['a NUL in a query name', 'GET', '/v1/messages?a%00b=1', undefined, 400],
  ['a NUL in a recipient', 'POST', '/v1/messages', { to: ['a\u0000b@example.org'], text: 'x' }, 400],
  ['a NUL in the text', 'POST', '/v1/messages', { to: ['a@example.org'], text: 'x\u0000y' }, 400],
  ['a NUL in a key name', 'POST', '/v1/api-keys', { name: '\u0000', password: 'whatever it is' }, 400],
];

describe('hostile input is a 4xx', () => {
  it.each(cases)('%s → %i', async (_what, method, path, json, status) => {
    const res = await t.request(path, { method, token: apiKey, json });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('takes an escaped backslash before u0000 as the six characters it is', async () => {
    const res = await t.request('/v1/messages', {
      method: 'POST',
      token: apiKey,
      body: JSON.stringify({ to: ['lit@example.org'], text: 'a path: C:\\u0000' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
  });

  it('still pages with the cursors it gives out', async () => {
    for (const i of [1, 2, 3]) {
      const res = await t.request('/v1/messages', {
        method: 'POST',
        token: apiKey,
        json: { to: [`page${i}@example.org`], text: `n${i}` },
      });
      expect(res.status).toBe(201);
    }
    const first = (await (await t.request('/v1/messages?limit=2', { token: apiKey })).json()) as {
      nextCursor: string | null;
    };
    expect(first.nextCursor).toBeTruthy();
    const next = await t.request(`/v1/messages?limit=2&cursor=${first.nextCursor}`, { token: apiKey });
    expect(next.status).toBe(200);
    expect(((await next.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
  });

  it('closes the connection after a 413, whose body it did not read', async () => {
    const res = await t.request('/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'x@example.org', password: 'p'.repeat(200 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
  });
});
