import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { launchChromium } from './helpers/chromium';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import { requireTool } from './helpers/sealed';

// "Erneut senden" in the portal's history (issue 19): a recipient whose mail system removed the
// attachments asks the sender, who clicks once; the relay gets the same sealed mail again.

const account = { email: 'praxis-resend@example.org', password: 'Praxis-vertraulich-7' };

let app: MessagesTestApp;
let server: ServerType;
let browser: Browser;
let url: string;

beforeAll(async () => {
  await requireTool('chromium');
  const { build } = await import('../ui/portal/build');
  await build({ root: `${import.meta.dirname}/..`, outDir: `${import.meta.dirname}/../dist` });
  app = await createMessagesTestApp({ realClock: true });
  await createAccount(app.database.db, { ...account, plan: 'paid' });
  server = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await app?.close();
});

describe('send again from the history', () => {
  it('sends the same sealed mail to the same recipients once more', async () => {
    const context = await browser.newContext({ locale: 'de-DE', baseURL: url });
    const page = await context.newPage();
    try {
      await page.goto('/');
      await page.getByLabel('E-Mail-Adresse').fill(account.email);
      await page.getByLabel('Passwort', { exact: true }).fill(account.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { name: 'Vertrauliche Nachricht verfassen' }).waitFor();
      await page.getByLabel('An', { exact: true }).fill('patientin@example.org');
      await page.getByLabel('Nachricht', { exact: true }).fill('Ihr Befund.');
      await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
      await page.getByRole('heading', { name: 'Nachricht versendet' }).waitFor();
      const [first] = await app.sink.waitFor(1, 30_000);
      if (!first) throw new Error('no first mail');

      await page.goto('/#/history');
      const item = page.locator('.history-item').first();
      await item.getByRole('button', { name: 'Erneut senden' }).click();
      await item.getByText('Die versiegelte Mail wurde erneut gesendet, mit demselben Passwort.').waitFor();
      const [, second] = await app.sink.waitFor(2, 30_000);
      expect(second?.to).toEqual(['patientin@example.org']);
      expect(second?.raw.equals(first.raw)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
