import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spellPasswordGroups } from '../ui/core/spell';
import { pollAcrossTicks } from './helpers/chromium';
import type { MessagesTestApp } from './helpers/messages-app';
import { type PortalOnApp, sendFromPortal, signInToPortal, startPortalOnApp } from './helpers/portal-on-app';
import { pdfToText } from './helpers/sealed';

// The sender watches delivery in the portal (issue 17): the result page follows Twilio's delivery
// reports while it is open (no reload), names why an SMS failed, sends it again on request and
// spells the password out to read on the phone; the history offers the proof of sending.

const account = { email: 'praxis-status@example.org', password: 'Praxis-vertraulich-7' };

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

describe('delivery in the portal', () => {
  it('follows the SMS from sent to failed with the reason, sends it again, and offers the proof', async () => {
    const context = await browser.newContext({ locale: 'de-DE', baseURL: url });
    const page = await context.newPage();
    await page.clock.install();
    try {
      await signInToPortal(page, account);
      await sendFromPortal(page, {
        to: 'patientin@example.org',
        phones: '0170 55555555',
        text: 'Ihr Befund.',
      });
      const password = (await page.locator('.password').first().textContent()) ?? '';

      const smsLine = page.locator('.delivery-list li', { hasText: '+4917055555555' });
      await pollAcrossTicks(page, () => smsLine.textContent()).toMatch(/SMS an .*gesendet/);
      const [first] = await app.twilio.waitFor(1, 30_000);
      if (!first?.sid) throw new Error('no SMS at Twilio');
      expect(first.body).toContain(password);

      // Twilio reports the handset unreachable: the open page shows it by itself.
      expect((await app.twilio.report(first.sid, 'undelivered', { errorCode: 30003 })).status).toBe(204);
      await pollAcrossTicks(page, () => smsLine.textContent()).toContain('Nummer nicht erreichbar');
      expect(await smsLine.textContent()).toContain('fehlgeschlagen');
      const mailLine = page.locator('.delivery-list li', { hasText: 'patientin@example.org' });
      expect(await mailLine.textContent()).toContain('gesendet');

      // Read the password out: the DIN 5009 spelling, a line per group.
      await smsLine.getByRole('button', { name: 'Passwort vorlesen' }).click();
      const spelled = smsLine.locator('.read-out li');
      await smsLine.locator('.read-out').waitFor({ state: 'visible' });
      const groups = spellPasswordGroups(password, 'de');
      expect(await spelled.allTextContents()).toEqual(groups.map((g) => g.map((c) => c.words).join(', ')));

      // Send again: the same password to the same phone, and the line follows the new SMS.
      await smsLine.getByRole('button', { name: 'SMS noch einmal senden' }).click();
      const [, second] = await app.twilio.waitFor(2, 30_000);
      if (!second?.sid) throw new Error('no second SMS');
      expect(second.to).toBe('+4917055555555');
      expect(second.body).toBe(first.body);
      await pollAcrossTicks(page, () => smsLine.textContent()).not.toContain('fehlgeschlagen');
      await app.twilio.report(second.sid, 'delivered');
      await pollAcrossTicks(page, () => smsLine.textContent()).toContain('zugestellt');

      // The history offers the proof of sending; the PDF names the recipient.
      await page.goto('/#/history');
      const pdfLink = page.getByRole('link', { name: 'Sendenachweis (PDF)' }).first();
      await pdfLink.waitFor();
      // The link as the browser resolves it against the page (relative, so a path prefix holds).
      const href = await pdfLink.evaluate((a) => (a as HTMLAnchorElement).href);
      const pdf = await page.request.get(href);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const text = await pdfToText(new Uint8Array(await pdf.body()), '');
      expect(text).toContain('patientin@example.org');
      expect(text).toContain('+4917055555555');
      const json = await page.request.get(
        await page
          .getByRole('link', { name: 'Sendenachweis (JSON)' })
          .first()
          .evaluate((a) => (a as HTMLAnchorElement).href),
      );
      expect(((await json.json()) as { recipients: { address: string }[] }).recipients[0]?.address).toBe(
        'patientin@example.org',
      );
    } finally {
      await context.close();
    }
  });

  it("shows a recipient the relay refused with the relay's reply", async () => {
    const context = await browser.newContext({ locale: 'de-DE', baseURL: url });
    const page = await context.newPage();
    app.sink.reject(550, {
      recipients: ['weg@example.org'],
      message: '5.1.1 <weg@example.org>: Recipient address rejected: User unknown',
    });
    try {
      await signInToPortal(page, account);
      await page.getByLabel('An', { exact: true }).fill('da@example.org, weg@example.org');
      await page.getByLabel('Nachricht', { exact: true }).fill('Ihr Befund.');
      await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
      await page.getByRole('heading', { name: 'Nachricht versendet' }).waitFor();
      const refused = page.locator('.delivery-list li', { hasText: 'weg@example.org' });
      await expect.poll(() => refused.textContent(), { timeout: 20_000 }).toContain('fehlgeschlagen');
      expect(await refused.textContent()).toMatch(/Antwort des Mailservers: 550\b.*User unknown/);
      expect(await page.locator('.delivery-list li', { hasText: 'da@example.org' }).textContent()).toContain(
        'gesendet',
      );
    } finally {
      app.sink.accept();
      await context.close();
    }
  });
});
