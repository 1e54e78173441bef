import { randomBytes, randomInt } from 'node:crypto';
import type { Sender, Service } from './stand';

// HTTP fuzzing: random methods, paths, ids, cursors, headers and bodies (broken JSON, wrong types,
// NUL, huge strings, bodies over the limit) against the running service. Every answer must be a
// 2xx/3xx/4xx or a 503; a 5xx other than 503 or a connection reset is a finding.

const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)] as T;

const nasty = [
  '%00',
  'a%00b',
  '%ff%fe',
  '..%2f..%2fetc%2fpasswd',
  "'; drop table accounts; --",
  '\u202e\u0000',
  'x'.repeat(5_000),
  '😀'.repeat(50),
  '%',
  '%%',
  '-1',
  '9'.repeat(40),
];

function randomId(): string {
  return pick([
    `msg_${randomBytes(16).toString('base64url')}`,
    `acc_${randomBytes(16).toString('base64url')}`,
    `msg_${pick(nasty)}`,
    pick(nasty),
    `key_${randomBytes(16).toString('base64url')}`,
  ]);
}

function randomCursor(): string {
  const year = pick(['99999', '0000', '2026', '+099999', '-000001', '1969', 'abcd']);
  return pick([
    Buffer.from(`${year}-01-01T00:00:00.000Z|msg_${randomBytes(16).toString('base64url')}`).toString(
      'base64url',
    ),
    Buffer.from(`2026-01-01T00:00:00.000Z|${pick(nasty)}`).toString('base64url'),
    pick(nasty),
    randomBytes(randomInt(1, 300)).toString('base64url'),
  ]);
}

function randomValue(depth = 0): unknown {
  const kind = randomInt(depth > 3 ? 5 : 8);
  if (kind === 0) return null;
  if (kind === 1) return randomInt(-1e9, 1e9) / pick([1, 7, 1e-3]);
  if (kind === 2) return pick([true, false]);
  if (kind === 3) return pick(nasty);
  if (kind === 4) return randomBytes(randomInt(0, 40)).toString(pick(['hex', 'latin1', 'base64'] as const));
  if (kind === 5) return Array.from({ length: randomInt(0, 5) }, () => randomValue(depth + 1));
  return Object.fromEntries(
    Array.from({ length: randomInt(0, 5) }, () => [
      pick([
        'to',
        'cc',
        'text',
        'html',
        'subject',
        'sms',
        'email',
        'password',
        'name',
        '__proto__',
        'attachments',
      ]),
      randomValue(depth + 1),
    ]),
  );
}

function messageBody(): unknown {
  const base: Record<string, unknown> = { to: ['fuzz@example.org'], text: 'hallo' };
  const field = pick(['to', 'cc', 'bcc', 'text', 'html', 'subject', 'sms', 'attachments', 'options']);
  base[field] = randomValue();
  return base;
}

interface Req {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  auth: 'good' | 'bad' | 'none';
}

function randomRequest(): Req {
  const auth = pick(['good', 'good', 'good', 'bad', 'none'] as const);
  const json = (v: unknown) => JSON.stringify(v);
  const choices: (() => Req)[] = [
    () => ({ method: 'GET', path: `/v1/messages/${randomId()}`, auth }),
    () => ({
      method: 'GET',
      path: `/v1/messages?cursor=${randomCursor()}&limit=${pick(['1', '0', '101', '-5', 'x', '20'])}`,
      auth,
    }),
    () => ({ method: pick(['GET', 'DELETE', 'PATCH', 'PUT']), path: `/v1/api-keys/${randomId()}`, auth }),
    () => ({
      method: 'POST',
      path: '/v1/messages',
      body: json(messageBody()),
      contentType: 'application/json',
      auth,
    }),
    () => ({
      method: 'POST',
      path: '/v1/messages',
      body: `{"to": ["a@b.c"], "text": "${pick(nasty)}`,
      contentType: 'application/json',
      auth,
    }),
    () => ({
      method: 'POST',
      path: '/v1/auth/login',
      body: json(randomValue()),
      contentType: 'application/json',
      auth: 'none',
    }),
    () => ({
      method: 'POST',
      path: '/v1/auth/login',
      body: json({ email: 'x@example.org', password: 'p'.repeat(100_000) }),
      contentType: 'application/json',
      auth: 'none',
    }),
    () => ({
      method: 'POST',
      path: '/v1/accounts',
      body: json(randomValue()),
      contentType: pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']),
      auth: 'none',
    }),
    () => ({
      method: pick(['GET', 'POST', 'OPTIONS', 'HEAD', 'PROPFIND']),
      path: `/${pick(['v1', 'v1/account', 'healthz', 'openapi.json', 'docs', 'open', 'portal', ''])}/${pick(nasty)}`,
      auth,
    }),
    () => ({
      method: 'PATCH',
      path: '/v1/account',
      body: json(randomValue()),
      contentType: 'application/json',
      auth,
    }),
    () => ({ method: 'GET', path: `/v1/messages?${pick(nasty)}=${pick(nasty)}`, auth }),
  ];
  return pick(choices)();
}

export interface HttpFuzzFigures {
  requests: number;
  byClass: Record<string, number>;
  unexpected5xx: number;
  resets: number;
  examples: string[];
}

export async function fuzzHttp(
  service: Service,
  sender: Sender,
  total: number,
  parallel: number,
): Promise<HttpFuzzFigures> {
  const out: HttpFuzzFigures = { requests: 0, byClass: {}, unexpected5xx: 0, resets: 0, examples: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total) {
        next += 1;
        const r = randomRequest();
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.auth === 'good') headers.authorization = `Bearer ${sender.apiKey}`;
        if (r.auth === 'bad') headers.authorization = `Bearer ${pick(['vtk_x', 'x'.repeat(3000), 'Zm9v'])}`;
        try {
          const res = await fetch(`${service.base}${r.path}`, {
            method: r.method,
            headers,
            body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
            signal: AbortSignal.timeout(30_000),
          });
          await res.arrayBuffer();
          out.requests += 1;
          const cls = `${Math.floor(res.status / 100)}xx`;
          out.byClass[cls] = (out.byClass[cls] ?? 0) + 1;
          if (res.status >= 500 && res.status !== 503) {
            out.unexpected5xx += 1;
            if (out.examples.length < 5)
              out.examples.push(`${res.status} ${r.method} ${r.path.slice(0, 80)}`);
          }
        } catch (err) {
          out.requests += 1;
          out.resets += 1;
          if (out.examples.length < 5)
            out.examples.push(`${(err as Error).message} ${r.method} ${r.path.slice(0, 80)}`);
        }
      }
    }),
  );
  return out;
}
