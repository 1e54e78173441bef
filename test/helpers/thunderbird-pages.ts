import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildXpiBytes } from '../../thunderbird-ext/build';
import { readXpi, type XpiFiles } from '../../thunderbird-ext/xpi';
import { launchChromium } from './addin-browser';
import { requireTool } from './sealed';
import { type FakeHost, type FakeRecord, installFakeMessenger } from './thunderbird-fake-messenger';

// The extension's pages (popup, options, result) in real Chromium, straight from the built .xpi,
// with the real background.js loaded into the same page and the fake `messenger` host of
// thunderbird-fake-messenger.ts. The service is routed: answers are given per page.

const root = path.resolve(import.meta.dirname, '../..');
const EXT = 'http://ext.test/';
export const SERVICE = 'http://service.test';
const locales = path.join(root, 'thunderbird-ext', '_locales');

export interface OpenedPage {
  page: Page;
  /** Requests that reached the (routed) service, as "METHOD /path". */
  calls: string[];
  /** Uncaught errors in the page's scripts. */
  errors: string[];
  record(): Promise<FakeRecord>;
}

export interface ServiceAnswer {
  status: number;
  body: unknown;
}

export interface OpenOptions {
  /** The page to open (default popup.html); the background script runs in it too. */
  page?: string;
  /**
   * What the routed service answers (default: 401, as for a wrong password); a function answers
   * each request itself (e.g. by handing it to an in-process app).
   */
  service?:
    | ServiceAnswer
    | ((call: {
        method: string;
        path: string;
        headers: Record<string, string>;
        body: string | null;
      }) => Promise<ServiceAnswer>);
  lang: 'de' | 'en';
  serviceUrl: string;
  /** The page's clock faked from the start (page.clock; time runs on), for pollAcrossTicks(). */
  clock?: boolean;
  host: Partial<FakeHost>;
}

async function open(browser: Browser, files: XpiFiles, options: OpenOptions): Promise<OpenedPage> {
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
  if (options.clock) await page.clock.install();
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
    const url = new URL(req.url());
    const answer =
      typeof options.service === 'function'
        ? await options.service({
            method: req.method(),
            path: url.pathname + url.search,
            headers: req.headers(),
            body: req.postData(),
          })
        : (options.service ?? {
            status: 401,
            body: { type: 'about:blank', title: 'Wrong email or password', status: 401 },
          });
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

export interface ExtensionPages {
  open(options: OpenOptions): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function startExtensionPages(): Promise<ExtensionPages> {
  await requireTool('chromium');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-tb-pages-'));
  try {
    const files = await readXpi(await buildXpiBytes({ root, outDir: dir }));
    const browser = await launchChromium();
    return {
      open: (options) => open(browser, files, options),
      async close() {
        await browser.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
