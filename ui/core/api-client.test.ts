import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, errorText } from './api-client';

function fakeFetch(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Request[] = [];
  const fn = async (request: Request) => {
    calls.push(request);
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
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer tok');
    expect(calls[0]?.headers.get('idempotency-key')).toBe('key-1');
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
    const api = createApiClient({ baseUrl: 'https://x.example', fetch: fn });
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
    const err = await createApiClient({ baseUrl: 'https://x.example', fetch: fn })
      .login('a@b.de', 'pw')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(errorText(err, 'de')).toContain('10 Minuten');
  });
});

describe('refusals of issue 13', () => {
  const problem = (code: string, extra: object = {}) => ({
    type: `urn:vertraulich:problem:${code}`,
    title: code,
    detail: 'The server says more.',
    ...extra,
  });
  const refused = async (status: number, body: unknown, headers: Record<string, string> = {}) =>
    createApiClient({ baseUrl: 'https://x.example', fetch: fakeFetch(status, body, headers).fn })
      .account()
      .catch((e: unknown) => e);

  it('asks to confirm the address for a 403 unverified', async () => {
    const err = await refused(403, problem('unverified'));
    expect(err).toMatchObject({ kind: 'unverified' });
    expect(errorText(err, 'de')).toBe(
      'Bitte bestätigen Sie Ihre Adresse: Wir haben Ihnen einen Link geschickt.',
    );
    expect(errorText(err, 'en')).toBe('Please confirm your address: we sent you a link.');
  });

  it('says a suspended account sends nothing, with the operator’s reason', async () => {
    const err = await refused(403, problem('suspended', { detail: 'Rechnung offen' }));
    expect(errorText(err, 'de')).toMatch(
      /^Ihr Konto ist gesperrt: Es wird nichts gesendet\..*\(Rechnung offen\)$/,
    );
  });

  it('tells how long a quota lasts, from Retry-After, with the right plural', async () => {
    const inAnHour = await refused(429, problem('quota'), { 'retry-after': '3600' });
    expect(errorText(inAnHour, 'de')).toContain('in 60 Minuten erneut');
    const inOneMinute = await refused(429, problem('quota'), { 'retry-after': '30' });
    expect(errorText(inOneMinute, 'en')).toContain('try again in 1 minute. (The server says more.)');
    const tomorrow = await refused(429, problem('quota'), { 'retry-after': String(20 * 3600) });
    expect(errorText(tomorrow, 'de')).toContain('in 20 Stunden erneut');
  });

  it('names the fields a 400 refused in words, the server’s reasons for English readers', async () => {
    const err = await refused(
      400,
      problem('invalid', {
        errors: [
          { path: 'sms.0', message: 'a premium-rate number' },
          { path: 'name', message: 'contains a control character' },
        ],
      }),
    );
    expect(errorText(err, 'de')).toBe('Bitte prüfen Sie: Handynummer und Name.');
    expect(errorText(err, 'en')).toBe(
      'Please check: mobile number and name. (sms.0: a premium-rate number; name: contains a control character)',
    );
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
      'unverified',
      'suspended',
      'quota',
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
