import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';

// Issue 14: answers that carry a password are `Cache-Control: no-store` (and nosniff), so no
// browser or proxy cache keeps a copy of a message password.

describe('answers with a password', () => {
  let t: MessagesTestApp;
  let alice: { apiKey: string };
  beforeAll(async () => {
    t = await createMessagesTestApp();
    alice = await t.account('free');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are never stored by a cache: POST, list and one message', async () => {
    const sent = await t.request('/v1/messages', {
      method: 'POST',
      token: alice.apiKey,
      json: { to: ['a@example.org'], subject: 'Befund', text: 'Inhalt' },
    });
    expect(sent.status).toBe(201);
    const { id, password } = (await sent.json()) as { id: string; password: string };
    expect(password).not.toBe('');
    const list = await t.request('/v1/messages', { token: alice.apiKey });
    const one = await t.request(`/v1/messages/${id}`, { token: alice.apiKey });
    for (const res of [sent, list, one]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await list.text()).toContain(password);
  });
});
