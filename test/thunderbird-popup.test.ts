import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXpiBytes } from '../thunderbird-ext/build';
import { readXpi, type XpiFiles } from '../thunderbird-ext/xpi';
import { launchChromium } from './helpers/addin-browser';
import { requireTool } from './helpers/sealed';
import { freePort } from './helpers/thunderbird';
import { type FakeHost, type FakeRecord, installFakeMessenger } from './helpers/thunderbird-fake-messenger';

// The compose_action popup in real Chromium, with the extension's real background.js in the same
// page and a fake `messenger` host (test/helpers/thunderbird-fake-messenger.ts): the error cases a
// user meets (service down, wrong login, no recipients) each say so in plain words and send nothing.

const root = path.resolve(import.meta.dirname, '..');
const EXT = 'http://ext.test/';
const SERVICE = 'http://service.test';
const locales = path.join(root, 'thunderbird-ext', '_locales');

let browser: Browser;
let files: XpiFiles;
let dir: string;

beforeAll(async () => {
  await requireTool('chromium');
  dir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-tb-popup-'));
  files = await readXpi(await buildXpiBytes({ root, outDir: dir }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  /** Requests that reached the (routed) service, as "METHOD /path". */
  calls: string[];
  /** Uncaught errors in the page's scripts. */
  errors: string[];
  record(): Promise<FakeRecord>;
}

async function openPopup(options: {
  /** The page to open (default popup.html); the background script runs in it too. */
  page?: string;
  /** What the routed service answers (default: 401, as for a wrong password). */
  service?: { status: number; body: unknown };
  lang: 'de' | 'en';
  serviceUrl: string;
  host: Partial<FakeHost>;
}): Promise<Opened> {
  const messages = JSON.parse(await readFile(path.join(locales, options.lang, 'messages.json'), 'utf8'));
  const host: FakeHost = {
    uiLanguage: options.lang === 'de' ? 'de-DE' : 'en-US',
    messages,
    baseUrl: EXT,
    draft: { to: [], cc: [], bcc: [], subject: 'Befund', plainTextBody: 'Text' },
    attachments: [],
    storage: {},
    ...options.host,
  };
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript(installFakeMessenger, host);
  const calls: string[] = [];
  await page.route(`${EXT}**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === 'config.json') return route.fulfill({ json: { serviceUrl: options.serviceUrl } });
    let body = files.get(name);
    if (!body) return route.fulfill({ status: 404 });
    // The background script runs in the popup's page here, before the popup asks it anything.
    if (name.endsWith('.html')) {
      body = Buffer.from(
        Buffer.from(body)
          .toString()
          .replace(/<script src="(\w+)\.js">/, '<script src="background.js"></script><script src="$1.js">'),
      );
    }
    const type = name.endsWith('.html')
      ? 'text/html'
      : name.endsWith('.css')
        ? 'text/css'
        : 'text/javascript';
    return route.fulfill({ body: Buffer.from(body), contentType: type });
  });
  await page.route(`${SERVICE}/**`, async (route) => {
    const req = route.request();
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, content-type, idempotency-key, accept',
    };
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    calls.push(`${req.method()} ${new URL(req.url()).pathname}`);
    // By default what the service answers a wrong password with (CONTRACT.md: problem+json).
    const answer = options.service ?? {
      status: 401,
      body: { type: 'about:blank', title: 'Wrong email or password', status: 401 },
    };
    return route.fulfill({
      status: answer.status,
      headers: {
        ...cors,
        'content-type': answer.status < 400 ? 'application/json' : 'application/problem+json',
      },
      body: JSON.stringify(answer.body),
    });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${EXT}${options.page ?? 'popup.html'}`);
  return {
    page,
    calls,
    errors,
    record: () => page.evaluate(() => (globalThis as unknown as { fakeRecord: FakeRecord }).fakeRecord),
  };
}

const signedIn = { credential: { kind: 'apiKey', apiKey: 'vk_test', email: 'alice@example.org' } };

describe('the Thunderbird popup in Chromium', () => {
  it('says the service cannot be reached when it is down, and keeps the draft', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const { page, record, errors } = await openPopup({
      lang: 'en',
      serviceUrl: down,
      host: {
        storage: signedIn,
        draft: { to: ['bob@example.org'], cc: [], bcc: [], subject: 'S', plainTextBody: 'T' },
      },
    });
    await page.getByLabel('Send confidentially').check();
    await page.getByRole('button', { name: 'Send confidentially' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('The service cannot be reached');
    expect(await page.getByRole('alert').first().textContent()).toContain('Nothing was sent.');
    expect(await record()).toEqual({ windows: [], removedTabs: [] });
    expect(errors).toEqual([]);
  });

  it('says the email address or password is wrong, in German, and stays on the sign-in form', async () => {
    const { page, calls, errors } = await openPopup({ lang: 'de', serviceUrl: SERVICE, host: {} });
    await page.getByLabel('E-Mail-Adresse').fill('alice@example.org');
    await page.getByLabel('Passwort', { exact: true }).fill('falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('E-Mail-Adresse oder Passwort stimmt nicht.');
    expect(calls).toEqual(['POST /v1/auth/login']);
    expect(await page.getByLabel('E-Mail-Adresse').isVisible()).toBe(true);
    expect(await page.getByLabel('Vertraulich senden').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('refuses a draft without recipients before anything is read or posted', async () => {
    const { page, calls, record, errors } = await openPopup({
      lang: 'en',
      serviceUrl: SERVICE,
      host: { storage: signedIn },
    });
    expect(await page.locator('#recipients').textContent()).toContain('no email recipient');
    await page.getByLabel('Send confidentially').check();
    await page.getByRole('button', { name: 'Send confidentially' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('The draft has no email recipient. Please add at least one address.');
    expect(calls).toEqual([]);
    expect(await record()).toEqual({ windows: [], removedTabs: [] });
    expect(errors).toEqual([]);
  });

  it('shows the password to copy and spell out, and the delivery status, in the result window', async () => {
    const result = {
      id: 'msg_7',
      password: 'Kx7m-P2qr',
      status: 'sent',
      subject: 'Befund',
      createdAt: '2026-03-02T09:00:00Z',
      recipients: [{ address: 'bob@example.org', status: 'sent' }],
      sms: [{ phone: '+4917055555555', status: 'queued' }],
    };
    const { page, calls, errors } = await openPopup({
      page: 'result.html?id=msg_7',
      lang: 'de',
      serviceUrl: SERVICE,
      host: { storage: signedIn },
      service: { status: 200, body: result },
    });
    await expect.poll(() => page.locator('#password').textContent(), { timeout: 20_000 }).toBe('Kx7m-P2qr');
    // The background was started afresh (nothing pending): it asked the service for the message.
    expect(calls).toEqual(['GET /v1/messages/msg_7']);
    expect(await page.getByRole('button', { name: 'Kopieren' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Buchstabieren' }).click();
    expect(await page.locator('#spelling').textContent()).toContain('großes K wie Kaufmann');
    expect(await page.locator('#status').textContent()).toContain('bob@example.org: gesendet');
    expect(await page.locator('#status').textContent()).toContain(
      'SMS an +4917055555555: in der Warteschlange',
    );
    expect(errors).toEqual([]);
  });
});
