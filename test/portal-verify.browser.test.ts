import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortalHarness } from './portal-harness';

// Issue 13 as a new user meets it in the portal (real Chromium, the real service): sign-up says a
// link was mailed (and does not sign in: a taken address must look the same); signed in, the
// compose page says to confirm the address and offers the link again (throttled: once a minute); a send is refused and nothing
// reaches the relay; the mailed link opens the portal's verify page, which confirms once and says
// "expired or used" the second time; then sending works.

const email = 'neu.praxis@example.org';
const password = 'Drei-Wörter-Passwort';

let h: PortalHarness;
let page: Page;

beforeAll(async () => {
  h = await startPortalHarness();
  page = (await h.open('de-DE')).page;
});
afterAll(() => h?.close());

/** The `#/verify/<token>` part of the link in the newest mail to `to`, waiting for it to arrive. */
async function mailedLink(count: number): Promise<string> {
  const mails = await h.sink.waitFor(count, 30_000);
  const mail = mails.filter((m) => m.to.includes(email)).at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  const text = (await simpleParser(mail.raw)).text ?? '';
  const fragment = /\/(#\/verify\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!fragment) throw new Error(`no verify link in: ${text}`);
  return fragment;
}

async function send(): Promise<void> {
  await page.getByRole('link', { name: 'Verfassen' }).click();
  await page.getByLabel('An', { exact: true }).fill('k.becker@example.org');
  await page.getByLabel('Betreff (wird verschlüsselt)').fill('Befund');
  await page.getByLabel('Nachricht', { exact: true }).fill('Anbei der Befund.');
  await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
}

describe('portal: proving the sender address', () => {
  it('asks a new user to confirm the address and refuses to send until then', async () => {
    await page.getByRole('link', { name: 'Noch kein Konto? Jetzt anlegen' }).click();
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByLabel('Passwort wiederholen').fill(password);
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page
      .getByText(`Fast geschafft: Wir haben einen Link an ${email} geschickt.`, { exact: false })
      .waitFor();
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const notice = page.getByText('Bitte bestätigen Sie Ihre Adresse: Wir haben Ihnen einen Link geschickt.');
    await notice.waitFor();
    await mailedLink(1);
    const before = h.sink.messages.length;
    await send();
    await page.getByText('Es wurde nichts gesendet.').waitFor();
    expect(await notice.isVisible()).toBe(true);
    expect(h.sink.messages.slice(before).filter((m) => m.to.includes('k.becker@example.org'))).toEqual([]);
  });

  it('offers the link again, and says plainly when it was sent a moment ago', async () => {
    // The sign-up mail went out just now; the service sends at most one link a minute.
    await page.getByRole('button', { name: 'Link noch einmal senden' }).click();
    await page
      .getByText('Zu viele Versuche. Bitte warten Sie 1 Minute und versuchen Sie es dann erneut.')
      .waitFor();
  });

  it('confirms the address from the mailed link, once', async () => {
    const link = await mailedLink(h.sink.messages.length);
    await page.goto(`/${link}`);
    await page.getByText('Ihre E-Mail-Adresse ist bestätigt.', { exact: false }).waitFor();
    // Opened again later, in a new tab: the token is spent.
    const again = await page.context().newPage();
    await again.goto(`/${link}`);
    await again.getByText('Dieser Bestätigungslink ist abgelaufen oder wurde schon benutzt.').waitFor();
    await again.close();
  });

  it('sends once the address is confirmed', async () => {
    const before = h.sink.messages.length;
    await page.goto('/#/compose');
    await send();
    await page.getByRole('heading', { name: 'Nachricht versendet' }).waitFor();
    const mails = await h.sink.waitFor(before + 1, 30_000);
    expect(mails.slice(before).some((m) => m.to.includes('k.becker@example.org'))).toBe(true);
  });
});
