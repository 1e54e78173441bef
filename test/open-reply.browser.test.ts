import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { createApiKey } from '../api/accounts/api-keys';
import { replyProof } from '../api/replies/proof';
import { build as buildPortal } from '../ui/portal/build';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import {
  extractWith7z,
  extractWithBsdtar,
  parseSealed,
  pdfToText,
  qpdfEncryption,
  type Sealed,
} from './helpers/sealed';
import {
  buildOpenPage,
  launchChromium,
  outcome,
  recordCspViolations,
  recordRequests,
  type Served,
  serveApp,
  submitZip,
} from './open-harness';

// The recipient's confidential reply in real Chromium (issue 18): from the link in the cover mail to
// /open, open the ZIP with the password, press Reply, write, attach, send; the sender alone gets one
// sealed mail that the usual tools open with the original password. The reply is the only request
// the page makes, and only once send is pressed.

const ORIGINAL_FILE = {
  filename: 'Befund.pdf',
  contentType: 'application/pdf',
  content: randomBytes(30_000),
};
const REPLY_FILE = { name: 'Rückfrage Foto.jpg', mimeType: 'image/jpeg', buffer: randomBytes(25_000) };

const SENDER = { email: 'praxis-antworten@example.org', password: 'Sprechstunde-vertraulich-9' };

let t: MessagesTestApp;
let served: Served;
let browser: Browser;
let sender: { id: string; email: string; apiKey: string };

beforeAll(async () => {
  await buildOpenPage();
  await buildPortal({ root: `${import.meta.dirname}/..`, outDir: `${import.meta.dirname}/../dist` });
  t = await createMessagesTestApp();
  // With a password, so the portal test can sign in as the sender.
  const account = await createAccount(t.database.db, { email: SENDER.email, password: SENDER.password });
  const key = await createApiKey(t.database.db, account.id, 'test', t.deps.now());
  sender = { id: account.id, email: account.email, apiKey: key.apiKey };
  served = await serveApp(t.app.fetch);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await t?.close();
});

async function sendOriginal(
  language: 'de' | 'en',
): Promise<{ id: string; password: string; sealed: Sealed }> {
  const before = t.sink.messages.length;
  const res = await t.request('/v1/messages', {
    method: 'POST',
    token: sender.apiKey,
    json: {
      to: ['patient@example.net'],
      subject: 'Ihr Befund vom 2. März',
      text: 'Die Werte sind unauffällig.',
      attachments: [{ ...ORIGINAL_FILE, content: ORIGINAL_FILE.content.toString('base64') }],
      options: { language },
    },
  });
  expect(res.status).toBe(201);
  const { id, password } = (await res.json()) as { id: string; password: string };
  const [mail] = (await t.sink.waitFor(before + 1)).slice(before);
  if (!mail) throw new Error('the relay got no mail');
  return { id, password, sealed: await parseSealed(mail.raw) };
}

async function withPage<T>(
  locale: string,
  fn: (page: Page, context: BrowserContext) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ locale });
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/** The one new mail a reply makes (the page says "sent" only once the service has stored it). */
async function replyMail(before: number) {
  const all = await t.sink.waitFor(before + 1);
  expect(all).toHaveLength(before + 1);
  const mail = all[before];
  if (!mail) throw new Error('the relay got no reply');
  return mail;
}

describe('replying from /open', () => {
  it('from the cover mail link: one sealed mail to the sender only, opened with the original password', async () => {
    const { id, password, sealed } = await sendOriginal('de');
    const link = /https:\/\/vertraulich\.test(\/open#m=[\w-]+)/.exec(sealed.text)?.[1];
    expect(link).toBe(`/open#m=${id}`);
    await withPage('de-DE', async (page, context) => {
      await page.goto(`${served.url}${link}`);
      await page.locator('#offline').waitFor({ state: 'visible' });
      const violations = recordCspViolations(page);
      const requests = recordRequests(context);
      await submitZip(page, sealed.zip, password);
      expect(await outcome(page)).toBe('message');
      expect(requests).toEqual([]);

      await page.getByRole('button', { name: 'Antworten' }).click();
      await page.getByLabel('Ihre Antwort').fill('Danke! Muss ich zur Blutabnahme nüchtern kommen?');
      await page.getByLabel('Anhänge (freiwillig)').setInputFiles(REPLY_FILE);
      expect(requests).toEqual([]);
      const before = t.sink.messages.length;
      await page.getByRole('button', { name: 'Antwort senden' }).click();
      await page.getByText('Ihre Antwort ist verschlüsselt auf dem Weg zum Absender.').waitFor();
      expect(requests).toEqual([`POST ${served.url}/v1/messages/${id}/replies`]);
      expect(violations).toEqual([]);

      const mail = await replyMail(before);
      expect(mail.to).toEqual([sender.email]);
      const reply = await parseSealed(mail.raw);
      expect(reply.mail.to).toMatchObject({ value: [{ address: sender.email }] });
      expect(reply.mail.subject).toBe('Vertrauliche Antwort von patient@example.net');
      expect(reply.text).toContain(id);
      expect(reply.text).not.toMatch(/Befund|nüchtern/);
      for (const unpacked of [
        await extractWith7z(reply.zip, password),
        await extractWithBsdtar(reply.zip, password),
      ]) {
        const files = [...unpacked.entries()];
        const photo = files.find(([name]) => name.endsWith('.jpg'));
        expect(photo && Buffer.compare(photo[1], REPLY_FILE.buffer)).toBe(0);
        const eml = files.find(([name]) => name.endsWith('.eml'))?.[1].toString('utf8') ?? '';
        expect(eml).toMatch(/nüchtern|n=C3=BCchtern/);
      }
      expect(await qpdfEncryption(reply.pdf, password)).toMatch(/AESv3|R = 6/);
      const text = await pdfToText(reply.pdf, password);
      expect(text).toContain('Muss ich zur Blutabnahme nüchtern kommen?');
      expect(text).toContain('Rückfrage Foto.jpg');
    });

    const history = await t.request('/v1/messages', { token: sender.apiKey });
    const { messages } = (await history.json()) as {
      messages: { id: string; replyTo: string | null; replies: string[] }[];
    };
    const original = messages.find((m) => m.id === id);
    expect(original?.replies).toHaveLength(1);
    expect(messages.find((m) => m.id === original?.replies[0])?.replyTo).toBe(id);
  });

  it('from a ZIP dropped on /open without the link, in English: the id comes from inside the ZIP', async () => {
    const { id, password, sealed } = await sendOriginal('en');
    await withPage('en-US', async (page, context) => {
      await page.goto(`${served.url}/open`);
      await page.locator('#offline').waitFor({ state: 'visible' });
      const requests = recordRequests(context);
      await submitZip(page, sealed.zip, password, 'confidential-message.zip');
      expect(await outcome(page)).toBe('message');
      await page.getByRole('button', { name: 'Reply' }).click();
      await page.getByLabel('Your reply').fill('Thank you, all clear.');
      const before = t.sink.messages.length;
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page.getByText('Your reply is on its way to the sender, encrypted.').waitFor();
      expect(requests).toEqual([`POST ${served.url}/v1/messages/${id}/replies`]);
      const reply = await parseSealed((await replyMail(before)).raw);
      expect(reply.mail.subject).toBe('Confidential reply from patient@example.net');
      expect(await pdfToText(reply.pdf, password)).toContain('Thank you, all clear.');
    });
  });

  it('says in plain words when the message can take no more replies', async () => {
    const { id, password, sealed } = await sendOriginal('de');
    // Nine replies as other recipients would send them (the API takes what /open sends), then the
    // tenth, the last one allowed, and the eleventh from the same page.
    for (let i = 1; i <= 9; i++) {
      const proof = await replyProof(password, {
        messageId: id,
        from: '',
        text: `Frage ${i}`,
        attachments: [],
      });
      const res = await t.request(`/v1/messages/${id}/replies`, {
        method: 'POST',
        json: { proof, text: `Frage ${i}` },
      });
      expect(res.status).toBe(201);
    }
    await withPage('de-DE', async (page) => {
      await page.goto(`${served.url}/open#m=${id}`);
      await submitZip(page, sealed.zip, password);
      expect(await outcome(page)).toBe('message');
      for (let i = 10; i <= 11; i++) {
        await page.getByRole('button', { name: 'Antworten' }).click();
        await page.getByLabel('Ihre Antwort').fill(`Frage ${i}`);
        await page.getByRole('button', { name: 'Antwort senden' }).click();
        if (i === 10) await page.locator('#reply-done').waitFor({ state: 'visible' });
      }
      await expect
        .poll(() => page.locator('#reply-error').textContent())
        .toBe(
          'Auf diese Nachricht wurde schon so oft geantwortet, wie es möglich ist. Es wurde nichts gesendet.',
        );
    });
  });

  it("shows in the sender's portal history, linked to the message it answers", async () => {
    // Later than the originals of the tests above, so it is the first one the history lists.
    t.clock.advance(60_000);
    const { id, password } = await sendOriginal('de');
    t.clock.advance(60_000);
    const proof = await replyProof(password, { messageId: id, from: '', text: 'Danke', attachments: [] });
    const res = await t.request(`/v1/messages/${id}/replies`, {
      method: 'POST',
      json: { proof, text: 'Danke' },
    });
    expect(res.status).toBe(201);
    await withPage('de-DE', async (page) => {
      await page.goto(`${served.url}/`);
      await page.getByLabel('E-Mail-Adresse').fill(SENDER.email);
      await page.getByLabel('Passwort', { exact: true }).fill(SENDER.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('link', { name: 'Verlauf' }).click();
      const reply = page.locator('.history-item', { hasText: 'AW: Ihr Befund vom 2. März' }).first();
      await expect
        .poll(() => reply.locator('.reply-link').textContent())
        .toMatch(/^Vertrauliche Antwort eines Empfängers auf Ihre Nachricht vom .*2026/);
      const original = page.locator('.history-item', { hasText: /^Ihr Befund vom 2\. März/ }).first();
      expect(await original.locator('.reply-link').textContent()).toBe(
        '1 vertrauliche Antwort von Empfängern',
      );
    });
  });
});
