import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../../api/accounts/accounts';
import { launchChromium } from './chromium';
import { createMessagesTestApp, type MessagesTestApp } from './messages-app';
import { requireTool } from './sealed';

// The portal, freshly built, served by the test app of test/helpers/messages-app.ts (in-memory relay,
// Twilio stand-in) on a free port, with one paid account and a real Chromium: what the portal's
// delivery tests share. (test/portal-harness.ts runs the whole `serve` instead.)

export interface PortalAccount {
  email: string;
  password: string;
}

export interface PortalOnApp {
  app: MessagesTestApp;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startPortalOnApp(account: PortalAccount): Promise<PortalOnApp> {
  await requireTool('chromium');
  const root = `${import.meta.dirname}/../..`;
  const { build } = await import('../../ui/portal/build');
  await build({ root, outDir: `${root}/dist` });
  const app = await createMessagesTestApp({ realClock: true });
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await app.close();
  };
  try {
    await createAccount(app.database.db, { ...account, plan: 'paid' });
    const listening = serve({ fetch: app.app.fetch, port: 0, hostname: '127.0.0.1' });
    server = listening;
    await new Promise<void>((resolve) => listening.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    browser = await launchChromium();
    return { app, url, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Signs in on the German portal and waits for the compose page. */
export async function signInToPortal(page: Page, account: PortalAccount): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { name: 'Vertrauliche Nachricht verfassen' }).waitFor();
}

/** Writes a message on the German compose page, sends it and waits for "Nachricht versendet". */
export async function sendFromPortal(
  page: Page,
  draft: { to: string; phones?: string; text: string },
): Promise<void> {
  await page.getByLabel('An', { exact: true }).fill(draft.to);
  if (draft.phones !== undefined) {
    await page.getByLabel('Telefonnummern für das Passwort per SMS').fill(draft.phones);
  }
  await page.getByLabel('Nachricht', { exact: true }).fill(draft.text);
  await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
  await page.getByRole('heading', { name: 'Nachricht versendet' }).waitFor();
}
