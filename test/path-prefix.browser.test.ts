import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as buildAddin } from '../addin/build';
import { loadConfig } from '../api/config';
import { createLogger } from '../api/log';
import { type RunningServer, startServer } from '../api/server';
import { build as buildPortal } from '../ui/portal/build';
import { openPane } from './helpers/addin-browser';
import { launchChromium } from './helpers/chromium';
import { freePort } from './helpers/cli';
import { seedPgliteDataDir } from './helpers/db';
import { parseSealed } from './helpers/sealed';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';
import { verificationToken } from './helpers/verification';
import { buildOpenPage, loadOpenPage, outcome, submitZip } from './open-harness';

// The service behind a reverse proxy under a path (PUBLIC_URL=http://127.0.0.1:PORT/vertraulich, the
// proxy passing the path through unchanged): the whole service as `serve` runs it, reached only under
// the prefix. The portal signs in and sends, /open opens the sealed mail with its service worker, the
// Outlook pane loads and signs in, the manifests and the docs name prefixed URLs.

const root = path.resolve(import.meta.dirname, '..');
const email = 'praxis@example.org';
const password = 'Sprechstunde-am-Montag';

let sink: SmtpSink;
let server: RunningServer;
let browser: Browser;
let dataDir: string;
let origin: string;
let base: string;

const api = (method: string, url: string, body?: unknown, token?: string) =>
  fetch(`${base}${url}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  await Promise.all([
    buildPortal({ root, outDir: path.join(root, 'dist') }),
    buildOpenPage(),
    buildAddin({ root, outDir: path.join(root, 'dist') }),
  ]);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-prefix-'));
  await seedPgliteDataDir(dataDir);
  sink = await startSmtpSink();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  base = `${origin}/vertraulich`;
  const config = {
    ...loadConfig({
      DATA_DIR: dataDir,
      SEAL_WORKERS: '1',
      SMTP_URL: sink.url,
      LOG_LEVEL: 'silent',
      PORT: String(port),
      PUBLIC_URL: base,
    }),
    smtpGatewayPort: 0,
  };
  server = await startServer(config, createLogger({ level: 'silent' }));
  browser = await launchChromium();
  expect((await api('POST', '/v1/accounts', { email, password })).status).toBe(201);
  const mails = await sink.waitFor(1, 30_000);
  const text = mails.map((m) => m.raw.toString('utf8').replace(/=\r?\n/g, '')).join('\n');
  // The confirmation link leads to the portal under the prefix.
  expect(text).toContain(`${base}/#/verify/`);
  const token = verificationToken(mails, email);
  expect((await api('POST', '/v1/accounts/verify', { token })).status).toBe(204);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the service under a path prefix', () => {
  it('answers the API under the prefix only, and leads / to the portal there', async () => {
    expect((await api('GET', '/healthz')).status).toBe(200);
    const login = await api('POST', '/v1/auth/login', { email, password });
    expect(login.status).toBe(200);
    const outside = await fetch(`${origin}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toContain('application/problem+json');
    const top = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(top.headers.get('location')).toBe('/vertraulich/');
    const bare = await fetch(base, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/vertraulich/']);
    const xpi = await api('GET', '/downloads/vertraulich-thunderbird.xpi');
    expect(xpi.status).toBe(200);
    const spec = (await (await api('GET', '/openapi.json')).json()) as { servers: { url: string }[] };
    expect(spec.servers).toEqual([{ url: base }]);
  });

  it('names prefixed URLs in both Outlook manifests', async () => {
    for (const file of ['manifest.xml', 'manifest.json']) {
      const text = await (await api('GET', `/addin/${file}`)).text();
      expect(text).toContain(`${base}/addin/pane.html`);
      // Every URL of this service in it carries the prefix.
      const own = text.match(new RegExp(`${origin.replace(/[.]/g, '\\.')}[^"<\\s]*`, 'g')) ?? [];
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((u) => u !== base && !u.startsWith(`${base}/`))).toEqual([]);
    }
  });

  it('portal: signs in, sends, and /open opens the sealed mail with its service worker', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    try {
      const page = await context.newPage();
      const failed: string[] = [];
      page.on('response', (r) => {
        // The portal asks for the session before sign-in (401): anything missing is a 404.
        if (r.status() === 404) failed.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${origin}/`);
      expect(page.url()).toBe(`${base}/`);
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('link', { name: 'Verfassen' }).click();
      const before = sink.messages.length;
      await page.getByLabel('An', { exact: true }).fill('k.becker@example.org');
      await page.getByLabel('Betreff (wird verschlüsselt)').fill('Befund unter dem Pfad');
      await page
        .getByLabel('Nachricht', { exact: true })
        .fill('Anbei der Befund, gesendet unter /vertraulich.');
      await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
      await page.getByRole('heading', { name: 'Nachricht versendet' }).waitFor();
      expect(failed).toEqual([]);

      const [mail] = (await sink.waitFor(before + 1, 30_000)).slice(before);
      if (!mail) throw new Error('the relay got no mail');
      const sealed = await parseSealed(mail.raw);
      expect(sealed.text).toContain(`${base}/open`);
      const token = (
        (await (await api('POST', '/v1/auth/login', { email, password })).json()) as { token: string }
      ).token;
      const list = (await (await api('GET', '/v1/messages', undefined, token)).json()) as {
        messages: { password: string }[];
      };
      const first = list.messages[0];
      if (!first) throw new Error('no message in the history');

      // loadOpenPage waits for the service worker's sentence: it registered under the prefix.
      const open = await loadOpenPage(context, base, 'de');
      expect(await open.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
        `${base}/open/sw.js`,
      );
      await submitZip(open, sealed.zip, first.password);
      expect(await outcome(open)).toBe('message');
      await open.getByText('Befund unter dem Pfad').waitFor();
      expect(failed).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('Outlook pane: loads its script under the prefix and signs in through the API there', async () => {
    const page = await openPane(browser, base, { to: ['a@example.org'] });
    try {
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByText(`Angemeldet als ${email}`).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('docs: the reference page loads its assets and the spec under the prefix', async () => {
    const page = await browser.newPage();
    try {
      const res = await page.goto(`${base}/docs/`);
      expect(res?.url()).toBe(`${base}/docs`);
      await page.getByText('/v1/messages/{id}').first().waitFor({ timeout: 30_000 });
    } finally {
      await page.close();
    }
  });
});
