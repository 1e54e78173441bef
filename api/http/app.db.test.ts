import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { AppError } from './errors';
import { largeBodyBytes, SMALL_BODY_BYTES } from './middleware';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.app.get('/test/boom', () => {
    throw new Error('database password is hunter2hunter2');
  });
  t.app.get('/test/db-error', async () => {
    await t.database.db.execute(sql`select ${'vts_secret-token-in-a-query-param'}::int`);
    return new Response('unreachable');
  });
  t.app.get('/test/locked', () => {
    throw new AppError('locked', 'wait', { retryAfter: 42 });
  });
});
afterAll(async () => {
  await t.close();
});

describe('the HTTP skeleton', () => {
  it('answers /healthz', async () => {
    const res = await t.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('gives every answer a request id, and keeps a sane one the client sent', async () => {
    const res = await t.request('/healthz');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const mine = await t.request('/healthz', { headers: { 'x-request-id': 'client-abc-123' } });
    expect(mine.headers.get('x-request-id')).toBe('client-abc-123');
  });

  it('answers unknown paths with 404 problem+json', async () => {
    const res = await t.request('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'urn:vertraulich:problem:not_found', status: 404 });
  });

  it('answers an unexpected error with a plain 500, and logs it under the request id', async () => {
    const res = await t.request('/test/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    const { requestId } = JSON.parse(text) as { requestId: string };
    expect(requestId).toBe(res.headers.get('x-request-id'));
    const line = t
      .logs()
      .split('\n')
      .find((l) => l.includes('unhandled error') && l.includes(requestId));
    expect(line).toBeDefined();
  });

  it('sends Retry-After with a locked error', async () => {
    const res = await t.request('/test/locked');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('42');
  });

  it('publishes the OpenAPI document with the account routes', async () => {
    const res = await t.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/v1/accounts',
      '/v1/auth/login',
      '/v1/auth/logout',
      '/v1/account',
      '/v1/account/password',
      '/v1/api-keys',
      '/v1/api-keys/{id}',
      '/healthz',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});

describe('body size limits', () => {
  it('keeps small routes small', async () => {
    const res = await t.request('/v1/auth/login', {
      method: 'POST',
      body: 'x'.repeat(SMALL_BODY_BYTES + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
  });

  it('leaves room on /v1/messages for a 25 MB attachment in base64', () => {
    const base64Of25MB = Math.ceil((25 * 1024 * 1024) / 3) * 4;
    expect(largeBodyBytes(t.deps.config.maxAttachmentBytes)).toBeGreaterThan(base64Of25MB + 64 * 1024);
    expect(largeBodyBytes(t.deps.config.maxAttachmentBytes)).toBeLessThan(40 * 1024 * 1024);
  });

  it('does not apply the small limit on /v1/messages', async () => {
    const res = await t.request('/v1/messages', {
      method: 'POST',
      body: `"${'x'.repeat(200 * 1024)}"`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).not.toBe(413);
  });
});

describe('logs', () => {
  it('never contain a password, a session token or an API key', async () => {
    const email = 'logs@example.org';
    const password = 'pw-that-must-not-leak-4711';
    await t.request('/v1/accounts', { method: 'POST', json: { email, password } });
    await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email, password: 'wrong-pw-must-not-leak-0815' },
    });
    const login = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
    const { token } = (await login.json()) as { token: string };
    const key = await t.request('/v1/api-keys', { method: 'POST', token, json: { name: 'k', password } });
    const { apiKey } = (await key.json()) as { apiKey: string };
    await t.request('/v1/account', { token: apiKey });
    await t.request('/v1/auth/logout', { method: 'POST', token });
    t.deps.log.info(
      { password, token, apiKey, headers: { authorization: `Bearer ${token}` } },
      'careless line',
    );

    const logs = t.logs();
    expect(logs).toContain('signed in');
    expect(logs).toContain('careless line');
    for (const secret of [password, 'wrong-pw-must-not-leak-0815', token, apiKey])
      expect(logs).not.toContain(secret);
  });
});
