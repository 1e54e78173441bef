import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../addin/build';
import { createAccount } from '../api/accounts/accounts';
import { launchChromium, OFFICE_CDN_GLOB, openPane } from './helpers/addin-browser';
import { createTestApp, type TestApp } from './helpers/app';

// The Outlook pane in real Chromium, served by the running service, with a fake Office: signing
// in, and the errors that must leave the user informed and nothing sent.

const repo = path.resolve(import.meta.dirname, '..');
const email = 'praxis@example.org';
const password = 'korrekt-Pferd-Batterie';
let t: TestApp;
let server: ServerType;
let baseUrl: string;
let browser: Browser;

async function listen(app: TestApp): Promise<{ server: ServerType; url: string }> {
  const s = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => s.once('listening', () => resolve()));
  return { server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

const close = (s: ServerType) =>
  new Promise<void>((resolve) => {
    s.close(() => resolve());
    if ('closeAllConnections' in s) s.closeAllConnections();
  });

beforeAll(async () => {
  await build({ root: repo, outDir: path.join(repo, 'dist') });
  // The pane compares the session's expiry with the browser's clock, so the service uses real time.
  t = await createTestApp({ now: () => new Date() });
  await createAccount(t.deps.db, { email, password, plan: 'paid' });
  ({ server, url: baseUrl } = await listen(t));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (server) await close(server);
  await t?.close();
});

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByText(`Angemeldet als ${email}`).waitFor();
}

/** Every POST /v1/messages the page makes. */
function messagePosts(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/messages') posts.push(r.url());
  });
  return posts;
}

describe('Outlook pane: signing in', () => {
  it('says plainly that the login is wrong, and stays on the sign-in form', async () => {
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] });
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill('falsch-falsch-falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('E-Mail-Adresse oder Passwort stimmt nicht.');
    expect(await page.getByLabel('Vertraulich senden').isVisible()).toBe(false);
    await page.context().close();
  });

  it('signs in once: the token is kept in roaming settings and the pane opens signed in next time', async () => {
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] });
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText(`Angemeldet als ${email}`).waitFor();
    await page.reload();
    await page.getByText(`Angemeldet als ${email}`).waitFor();
    expect(await page.getByLabel('E-Mail-Adresse').isVisible()).toBe(false);
    await page.context().close();
  });

  it('speaks English in an English Outlook', async () => {
    const page = await openPane(browser, baseUrl, { displayLanguage: 'en-US', to: ['a@example.org'] });
    await page.getByLabel('Email address').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.context().close();
  });

  it('falls back to the bundled office.js when Microsoft’s CDN cannot be reached', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(OFFICE_CDN_GLOB, (route) => route.abort('internetdisconnected'));
    const local = page.waitForResponse((r) => r.url().endsWith('/addin/office-js/office.js'));
    await page.goto(`${baseUrl}/addin/pane.html`);
    expect((await local).status()).toBe(200);
    await context.close();
  });
});

describe('Outlook pane: refusing to send, in plain words', () => {
  it('a draft whose only recipient is a phone: asks for an address, sends nothing', async () => {
    const page = await openPane(browser, baseUrl, { to: ['+4917055555555@sms.local'] });
    const posts = messagePosts(page);
    await signIn(page);
    await page.getByLabel('Vertraulich senden').check();
    await page.getByRole('button', { name: 'Vertraulich senden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'Der Entwurf hat keinen E-Mail-Empfänger. Bitte tragen Sie mindestens eine Adresse ein. Es wurde nichts gesendet.',
      );
    expect(posts).toEqual([]);
    await page.context().close();
  });

  it('the API down: says the service cannot be reached and nothing was sent', async () => {
    const own = await listen(t);
    const page = await openPane(browser, own.url, { to: ['a@example.org'] });
    await signIn(page);
    await page.getByLabel('Vertraulich senden').check();
    await close(own.server);
    await page.getByRole('button', { name: 'Vertraulich senden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Der Dienst ist nicht erreichbar\..*Es wurde nichts gesendet\.$/);
    expect(
      await page.evaluate(
        () => (window as unknown as { __fakeOffice: { closed: unknown } }).__fakeOffice.closed,
      ),
    ).toBeNull();
    await page.context().close();
  });
});
