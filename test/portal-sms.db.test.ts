import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { loadConfig } from '../api/config';
import { createMessaging, type Messaging } from '../api/messages/service';
import { createTestApp, type TestApp } from './helpers/app';
import { launchChromium } from './helpers/chromium';
import { requireTool } from './helpers/sealed';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from './helpers/twilio-stand-in';

// A paid account sends from the portal with a phone number: the result page lists the SMS and its
// status, and the text that reached Twilio carries the password the page shows. On the test database
// (both back ends), since the plan is set directly; the portal comes from the app's own dist/portal.

const account = { email: 'kanzlei@example.org', password: 'Mandant-vertraulich-7' };

let t: TestApp;
let messaging: Messaging;
let sink: SmtpSink;
let twilio: TwilioStandIn;
let server: ServerType;
let browser: Browser;
let url: string;

beforeAll(async () => {
  await requireTool('chromium');
  const { build } = await import('../ui/portal/build');
  await build({ root: `${import.meta.dirname}/..`, outDir: `${import.meta.dirname}/../dist` });
  sink = await startSmtpSink();
  twilio = await startTwilioStandIn();
  const config = loadConfig({
    DATA_DIR: '.tmp/test-data',
    SMTP_URL: sink.url,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+4915100000000',
    TWILIO_API_BASE_URL: twilio.baseUrl,
    MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  t = await createTestApp({ config, now: () => new Date() });
  messaging = await createMessaging({ config, db: t.deps.db, log: t.deps.log, now: t.deps.now });
  t.deps.messaging = messaging;
  await createAccount(t.deps.db, { ...account, plan: 'paid' });
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await messaging?.close();
  await t?.close();
  await sink?.close();
  await twilio?.close();
});

describe('portal on a paid plan', () => {
  it('texts the password to the phone named and shows the SMS status', async () => {
    const context = await browser.newContext({ locale: 'de-DE', baseURL: url });
    const page = await context.newPage();
    try {
      await page.goto('/');
      await page.getByLabel('E-Mail-Adresse').fill(account.email);
      await page.getByLabel('Passwort', { exact: true }).fill(account.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { name: 'Vertrauliche Nachricht verfassen' }).waitFor();
      await page.getByLabel('An', { exact: true }).fill('mandant@example.org');
      await page.getByLabel('Telefonnummern für das Passwort per SMS').fill('0170 5555555');
      await page.getByLabel('Nachricht', { exact: true }).fill('Der Vertrag im Anhang.');
      await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
      await page.getByRole('heading', { name: 'Nachricht versendet' }).waitFor();
      const password = (await page.locator('.password').textContent()) ?? '';
      const smsRow = page.locator('table.delivery tr', { hasText: '+491705555555' });
      await smsRow.waitFor();
      expect(await smsRow.textContent()).toMatch(/SMS an.*(versendet|in Zustellung)/);
      const [sms] = await twilio.waitFor(1, 30_000);
      expect(sms?.to).toBe('+491705555555');
      expect(sms?.body).toContain(password);
    } finally {
      await context.close();
    }
  });
});
