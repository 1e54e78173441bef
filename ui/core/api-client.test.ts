import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, errorText } from './api-client';

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn: typeof fetch = async (url, init) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/problem+json', ...headers },
    });
  };
  return { fn, calls };
}

describe('createApiClient', () => {
  it('sends the credential as Bearer and the Idempotency-Key', async () => {
    const { fn, calls } = fakeFetch(201, {
      id: 'msg_1',
      password: 'Ab-cd',
      status: 'sent',
      recipients: [],
      sms: [],
    });
    const api = createApiClient({ baseUrl: 'https://x.example/', credential: () => 'tok', fetch: fn });
    const result = await api.sendMessage(
      {
        to: ['a@b.de'],
        cc: [],
        bcc: [],
        subject: '',
        attachments: [],
        sms: [],
        options: { zip: 'aes256', language: 'de', subjectInClear: false, includeOriginal: false },
      },
      'key-1',
    );
    expect(result.password).toBe('Ab-cd');
    expect(calls[0]?.url).toBe('https://x.example/v1/messages');
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer tok');
    expect(headers['idempotency-key']).toBe('key-1');
  });

  it.each([
    [400, 'invalid'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [413, 'tooLarge'],
    [429, 'rateLimited'],
    [500, 'server'],
    [503, 'server'],
  ] as const)('reads status %i as kind %s', async (status, kind) => {
    const { fn } = fakeFetch(status, { title: 'x', status });
    const api = createApiClient({ baseUrl: '', fetch: fn });
    await expect(api.account()).rejects.toMatchObject({ kind, status });
  });

  it('reads a failed connection as "network"', async () => {
    const api = createApiClient({
      baseUrl: 'http://127.0.0.1:9',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(api.login('a@b.de', 'pw')).rejects.toMatchObject({ kind: 'network' });
  });

  it('keeps Retry-After of a 429', async () => {
    const { fn } = fakeFetch(429, { title: 'locked' }, { 'retry-after': '600' });
    const err = await createApiClient({ baseUrl: '', fetch: fn })
      .login('a@b.de', 'pw')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(errorText(err, 'de')).toContain('10 Minuten');
  });
});

describe('errorText', () => {
  it('reads a 401 at sign-in as wrong credentials, elsewhere as an expired session', () => {
    const err = new ApiError('unauthorized', 401, undefined);
    expect(errorText(err, 'de', 'login')).toBe('E-Mail-Adresse oder Passwort stimmt nicht.');
    expect(errorText(err, 'en')).toMatch(/sign in again/);
  });

  it('has a plain sentence for every kind in both languages', () => {
    const kinds = [
      'invalid',
      'unauthorized',
      'forbidden',
      'notFound',
      'tooLarge',
      'rateLimited',
      'server',
      'network',
    ] as const;
    for (const lang of ['de', 'en'] as const) {
      const texts = kinds.map((k) => errorText(new ApiError(k, undefined, undefined), lang));
      expect(new Set(texts).size).toBe(kinds.length);
      for (const text of texts) expect(text).toMatch(/\.$/);
    }
  });
});
