import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spellPasswordGroups } from '../ui/core/spell';
import { launchChromium, openPane } from './helpers/addin-browser';
import { type AddinService, paneAccount, startAddinService } from './helpers/addin-service';
import { pollAcrossTicks } from './helpers/chromium';

// The Outlook pane's result follows the SMS while it is open (issue 17): Twilio's report of an
// unreachable phone shows up by itself with the reason in words, and the sender can send the SMS
// again or read the password out, right there.

let service: AddinService;
let browser: Browser;

beforeAll(async () => {
  service = await startAddinService();
  // Twilio's reports reach the app in-process, signed for the StatusCallback under PUBLIC_URL.
  service.twilio.postReportsWith((url, init) =>
    service.t.request(new URL(url).pathname, { ...init, body: String(init.body) }),
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('Outlook pane: delivery while the result is open', () => {
  it('shows an unreachable phone, sends the SMS again and spells the password to read out', async () => {
    const page = await openPane(
      browser,
      service.url,
      { to: ['patientin@example.org'], subject: 'Befund', html: '<p>Anbei der Befund.</p>' },
      { clock: true },
    );
    await page.getByLabel('E-Mail-Adresse').fill(paneAccount.email);
    await page.getByLabel('Passwort', { exact: true }).fill(paneAccount.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText(`Angemeldet als ${paneAccount.email}`).waitFor();
    await page.getByLabel('Handynummer für das Passwort per SMS').fill('0170 55555555');
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await page.getByRole('heading', { name: 'Gesendet' }).waitFor({ timeout: 30_000 });
    const password = (await page.locator('#password').textContent()) ?? '';

    const [first] = await service.twilio.waitFor(1, 30_000);
    if (!first?.sid) throw new Error('no SMS at Twilio');
    const line = page.locator('#delivery li', { hasText: '+4917055555555' });
    await pollAcrossTicks(page, () => line.textContent()).toContain('gesendet');
    expect((await service.twilio.report(first.sid, 'undelivered', { errorCode: 30003 })).status).toBe(204);
    await pollAcrossTicks(page, () => line.textContent()).toContain('Nummer nicht erreichbar');

    await line.getByRole('button', { name: 'Passwort vorlesen' }).click();
    await line.locator('.read-out').waitFor({ state: 'visible' });
    expect(await line.locator('.read-out li').allTextContents()).toEqual(
      spellPasswordGroups(password, 'de').map((g) => g.map((c) => c.words).join(', ')),
    );

    await line.getByRole('button', { name: 'SMS noch einmal senden' }).click();
    const [, second] = await service.twilio.waitFor(2, 30_000);
    expect(second?.to).toBe('+4917055555555');
    expect(second?.body).toContain(password);
    await pollAcrossTicks(page, () => line.textContent()).not.toContain('fehlgeschlagen');
    await page.context().close();
  });
});
