import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagesTestApp } from './helpers/messages-app';
import { type PortalOnApp, sendFromPortal, signInToPortal, startPortalOnApp } from './helpers/portal-on-app';

// A paid account sends from the portal with a phone number: the result page lists the SMS and its
// status, and the text that reached Twilio carries the password the page shows. On the test database
// (both back ends), since the plan is set directly; the portal comes from the app's own dist/portal.

const account = { email: 'kanzlei@example.org', password: 'Mandant-vertraulich-7' };

let portal: PortalOnApp;
let app: MessagesTestApp;
let browser: Browser;
let url: string;

beforeAll(async () => {
  portal = await startPortalOnApp(account);
  ({ app, browser, url } = portal);
});

afterAll(async () => {
  await portal?.close();
});

describe('portal on a paid plan', () => {
  it('texts the password to the phone named and shows the SMS status', async () => {
    const context = await browser.newContext({ locale: 'de-DE', baseURL: url });
    const page = await context.newPage();
    try {
      await signInToPortal(page, account);
      await sendFromPortal(page, {
        to: 'mandant@example.org',
        phones: '0170 5555555',
        text: 'Der Vertrag im Anhang.',
      });
      const password = (await page.locator('.password').textContent()) ?? '';
      const smsRow = page.locator('.delivery-list li', { hasText: '+491705555555' });
      await smsRow.waitFor();
      expect(await smsRow.textContent()).toMatch(/SMS an.*(gesendet|in der Warteschlange)/);
      const [sms] = await app.twilio.waitFor(1, 30_000);
      expect(sms?.to).toBe('+491705555555');
      expect(sms?.body).toContain(password);
    } finally {
      await context.close();
    }
  });
});
