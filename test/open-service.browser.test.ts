import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import { parseSealed } from './helpers/sealed';
import {
  buildOpenPage,
  downloadAttachment,
  launchChromium,
  loadOpenPage,
  outcome,
  recordRequests,
  type Served,
  serveApp,
  submitZip,
} from './open-harness';

// The whole way: a sender posts to /v1/messages, the service seals and hands the mail to the relay
// (a real SMTP server), the recipient takes the ZIP from that mail to /open on the same service
// (createApp on an ephemeral port) and reads it in Chromium without a single request leaving.

const BODY = '検査結果は正常です。😊 Grüße aus der Praxis – よろしくお願いします 🙏';
const FILES = [
  { filename: 'Befund 2026-03-02.pdf', contentType: 'application/pdf', content: randomBytes(40_000) },
  { filename: 'レントゲン.png', contentType: 'image/png', content: randomBytes(9_000) },
  { filename: 'Übersicht.xlsx', contentType: 'application/octet-stream', content: randomBytes(120_000) },
];

let t: MessagesTestApp;
let served: Served;
let browser: Browser;
let apiKey: string;

beforeAll(async () => {
  await buildOpenPage();
  t = await createMessagesTestApp();
  apiKey = (await t.account('free')).apiKey;
  served = await serveApp(t.app.fetch);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await t?.close();
});

async function send(zip: 'aes256' | 'zipcrypto', language: 'de' | 'en') {
  const before = t.sink.messages.length;
  const res = await t.request('/v1/messages', {
    method: 'POST',
    token: apiKey,
    json: {
      to: ['patient@example.net'],
      subject: '検査結果のお知らせ 📋',
      text: BODY,
      attachments: FILES.map((f) => ({ ...f, content: f.content.toString('base64') })),
      options: { zip, language },
    },
  });
  expect(res.status).toBe(201);
  const { password } = (await res.json()) as { password: string };
  const [mail] = await t.sink.waitFor(before + 1).then((all) => all.slice(before));
  if (!mail) throw new Error('the relay got no mail');
  return { sealed: await parseSealed(mail.raw), password };
}

describe('a sealed mail from POST /v1/messages, opened on /open of the same service', () => {
  it.each([
    ['aes256', 'de'],
    ['zipcrypto', 'en'],
  ] as const)(
    '%s ZIP, %s page: body and every attachment, byte for byte, nothing sent anywhere',
    async (zip, lang) => {
      const { sealed, password } = await send(zip, lang);
      // The cover mail tells the recipient where to go.
      expect(sealed.text).toContain('https://vertraulich.test/open');
      const context = await browser.newContext({ locale: lang === 'de' ? 'de-DE' : 'en-GB' });
      try {
        const page = await loadOpenPage(context, served.url, lang);
        const requests = recordRequests(context);
        await submitZip(page, sealed.zip, password, sealed.zipName);
        expect(await outcome(page)).toBe('message');
        expect(await page.locator('#m-subject').textContent()).toBe('検査結果のお知らせ 📋');
        expect(await page.locator('#m-body').textContent()).toContain(BODY);
        for (const file of FILES) {
          const saved = await downloadAttachment(page, file.filename);
          expect(Buffer.compare(saved, file.content), file.filename).toBe(0);
        }
        expect(requests).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('serves /open from createApp with the policy that allows connections to its own origin only', async () => {
    const res = await fetch(`${served.url}/open`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self'(;|$)/);
    expect(res.headers.get('content-security-policy')).toMatch(/form-action 'none'/);
  });
});
