import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type FakeHost,
  type FakeRecord,
  installFakeMessenger,
} from '../../test/helpers/thunderbird-fake-messenger';
import type { Messenger } from './messenger';

// The background script's work with Thunderbird played by the fake host and the service by a fake
// fetch: what is posted, what happens to the compose tab, and the onBeforeSend guard.

const host: FakeHost = {
  uiLanguage: 'en-US',
  messages: { signInFirst: { message: 'Please sign in first.' } },
  baseUrl: 'moz-extension://x/',
  draft: { to: ['bob@example.org'], cc: [], bcc: [], subject: 'Befund', plainTextBody: 'Hallo' },
  attachments: [{ name: 'a.txt', type: 'text/plain', text: 'hello' }],
  storage: {},
};

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}
let calls: Call[] = [];
let answer: (call: Call) => Response;
const sealed = { id: 'msg_1', password: 'Kx7m-P2qr-9Tzb', status: 'sent', recipients: [], sms: [] };

let actions: typeof import('./actions');
let background: typeof import('./background');
let messenger: Messenger;
const record = () => (globalThis as unknown as { fakeRecord: FakeRecord }).fakeRecord;

beforeAll(async () => {
  installFakeMessenger(host);
  messenger = (globalThis as unknown as { messenger: Messenger }).messenger;
  actions = await import('./actions');
  background = await import('./background');
});

beforeEach(async () => {
  calls = [];
  answer = () => new Response(JSON.stringify(sealed), { status: 201 });
  record().windows.length = 0;
  record().removedTabs.length = 0;
  await messenger.storage.local.remove(['credential', 'tabs']);
  await messenger.storage.local.set({ serviceUrl: 'https://v.example' });
  // openapi-fetch (ui/core/api-client) hands fetch one Request.
  vi.stubGlobal('fetch', async (request: Request) => {
    const text = await request.text();
    const call = {
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    return answer(call);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const signIn = () => messenger.storage.local.set({ credential: { kind: 'apiKey', apiKey: 'vk_1' } });

describe('sealTab', () => {
  it('asks for a sign-in first and posts nothing', async () => {
    expect(await actions.sealTab(1)).toEqual({ ok: false, error: 'Please sign in first.' });
    expect(calls).toEqual([]);
  });

  it('posts the draft with its attachment, opens the result window and closes the compose tab', async () => {
    await signIn();
    const outcome = await actions.sealTab(1);
    expect(outcome).toEqual({ ok: true, value: { ...sealed, subject: 'Befund' } });
    const [post] = calls;
    expect(post?.url).toBe('https://v.example/v1/messages');
    expect(post?.headers.authorization).toBe('Bearer vk_1');
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(post?.body).toMatchObject({
      to: ['bob@example.org'],
      text: 'Hallo',
      attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: 'aGVsbG8=' }],
      options: { zip: 'aes256', language: 'en' },
    });
    expect(record()).toMatchObject({ windows: ['moz-extension://x/result.html?id=msg_1'], removedTabs: [1] });
    expect(await actions.handle({ type: 'result', id: 'msg_1' })).toMatchObject({ ok: true });
  });

  it('retries with the same idempotency key after the answer was lost', async () => {
    await signIn();
    answer = () => {
      throw new TypeError('NetworkError when attempting to fetch resource.');
    };
    const first = await actions.sealTab(1);
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.error).toMatch(/cannot be reached.*Nothing was sent/);
    expect(record().removedTabs).toEqual([]);
    answer = () => new Response(JSON.stringify(sealed), { status: 201 });
    expect((await actions.sealTab(1)).ok).toBe(true);
    expect(calls[1]?.headers['idempotency-key']).toBe(calls[0]?.headers['idempotency-key']);
  });
});

describe('the onBeforeSend guard', () => {
  it('lets a draft that is not marked confidential go', async () => {
    expect(await background.beforeSend({ id: 1 })).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('cancels the send of a confidential draft and seals it instead', async () => {
    await signIn();
    await actions.handle({ type: 'choose', tabId: 1, choices: { confidential: true } });
    expect(await background.beforeSend({ id: 1 })).toEqual({ cancel: true });
    await vi.waitFor(() => expect(record().removedTabs).toEqual([1]));
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST https://v.example/v1/messages']);
  });

  it('cancels, and says why, when it cannot tell whether the draft is confidential', async () => {
    const get = vi.spyOn(messenger.storage.local, 'get').mockRejectedValueOnce(new Error('storage broken'));
    expect(await background.beforeSend({ id: 1 })).toEqual({ cancel: true });
    get.mockRestore();
    await vi.waitFor(() => expect(record().windows[0]).toMatch(/result\.html\?error=/));
  });
});

it('keeps every choice when the popup sends several at once (a tick, then Send at once)', async () => {
  await Promise.all([
    actions.handle({ type: 'choose', tabId: 1, choices: { confidential: true } }),
    actions.handle({ type: 'choose', tabId: 1, choices: { phoneField: '0171 2345678' } }),
    actions.handle({ type: 'choose', tabId: 1, choices: { zip: 'zipcrypto' } }),
  ]);
  const state = await actions.handle({ type: 'state', tabId: 1 });
  expect(state).toMatchObject({
    ok: true,
    value: { choices: { confidential: true, phoneField: '0171 2345678', zip: 'zipcrypto' } },
  });
});
