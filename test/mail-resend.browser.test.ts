import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagesTestApp } from './helpers/messages-app';
import { type PortalOnApp, sendFromPortal, signInToPortal, startPortalOnApp } from './helpers/portal-on-app';

// "Erneut senden" in the portal's history (issue 19): a recipient whose mail system removed the
// attachments asks the sender, who clicks once; the relay gets the same sealed mail again.

const account = { email: 'praxis-resend@example.org', password: 'Praxis-vertraulich-7' };

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

describe('send again from the history', () => {
  it('sends the same sealed mail to the same recipients once more', async () => {
    const context = await browser.newContext({ locale: 'de-DE', baseURL: url });
    const page = await context.newPage();
    try {
      await signInToPortal(page, account);
      await sendFromPortal(page, { to: 'patientin@example.org', text: 'Ihr Befund.' });
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
