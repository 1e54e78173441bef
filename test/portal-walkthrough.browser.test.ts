import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractWith7z, parseSealed, pdfToText } from './helpers/sealed';
import { verificationToken } from './helpers/verification';
import { type PortalHarness, startPortalHarness } from './portal-harness';

// A new user's whole way through the portal in a real Chromium against the running service, in German:
// sign up, send with an attachment (the sealed mail reaching the SMTP server opens with the password the
// page shows), find it in the history, change the password, create and revoke an API key, delete the
// account. Screenshots of the compose page and the history are taken on the way.

// The README's screenshots are rewritten only on request (PORTAL_SCREENSHOTS=1), so a test run leaves the
// checkout as it was; otherwise they go to a temp dir, still taken (a page that cannot render fails).
const shots = process.env.PORTAL_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../docs/screenshots')
  : path.join(os.tmpdir(), 'vertraulich-portal-screenshots');
const email = 'dr.schulz@praxis-schulz.example';
const firstPassword = 'Sprechstunde-am-Montag';
const secondPassword = 'Visite-am-Dienstag-9';
const attachment = Buffer.from('%PDF-1.4\n% Laborbefund Beispiel\n'.repeat(200));

let h: PortalHarness;
let page: Page;

beforeAll(async () => {
  h = await startPortalHarness();
  page = (await h.open('de-DE', { width: 1000, height: 1000 })).page;
});
afterAll(() => h?.close());

/** Controls on the page without a visible <label> (STYLE.md: every control has one). */
async function unlabelled(): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>('main input, main select, main textarea, header select')]
      .filter(
        (c) => ![...(c.labels ?? [])].some((l) => l.getClientRects().length > 0 && l.textContent?.trim()),
      )
      .map((c) => c.outerHTML),
  );
}

async function heading(name: string): Promise<void> {
  await page.getByRole('heading', { name, exact: true }).waitFor();
}

async function send(to: string, subject: string, text: string, file?: boolean): Promise<string> {
  await page.getByRole('link', { name: 'Verfassen' }).click();
  await heading('Vertrauliche Nachricht verfassen');
  await page.getByLabel('An', { exact: true }).fill(to);
  await page.getByLabel('Betreff (wird verschlüsselt)').fill(subject);
  await page.getByLabel('Nachricht', { exact: true }).fill(text);
  if (file) {
    await page
      .getByLabel('Anhänge')
      .setInputFiles({ name: 'Laborbefund.pdf', mimeType: 'application/pdf', buffer: attachment });
    await page.getByText('Laborbefund.pdf').waitFor();
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'portal-compose.png'), fullPage: true });
  }
  // Record what the upload progress bar shows (its value attribute) while the message goes up.
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { progressSeen: seen });
    new MutationObserver(() =>
      seen.push(document.querySelector('progress')?.getAttribute('value') ?? ''),
    ).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['value'] });
  });
  await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
  await heading('Nachricht versendet');
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen).toContain('100');
  const password = (await page.locator('.password').textContent()) ?? '';
  expect(password).toMatch(/^[A-Za-z2-9]{3,8}(-[A-Za-z2-9]{3,8})+$/);
  return password;
}

describe('portal walkthrough', () => {
  let password = '';

  it('signs a new user up, confirms the address from the mailed link, and lands on the compose page, which fits a phone screen', async () => {
    await heading('Anmelden');
    await page.getByRole('link', { name: 'Noch kein Konto? Jetzt anlegen' }).click();
    await heading('Konto anlegen');
    await page.getByLabel('Ihr Name (steht im Absender)').fill('Dr. Maria Schulz');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(firstPassword);
    await page.getByLabel('Passwort wiederholen').fill(firstPassword);
    expect(await unlabelled()).toEqual([]);
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page
      .getByText(`Fast geschafft: Wir haben einen Link an ${email} geschickt.`, { exact: false })
      .waitFor();
    // The user opens the link from the mail: the portal's verify page confirms the address.
    await h.sink.waitFor(1, 30_000);
    const token = verificationToken(h.sink.messages, email);
    expect(token).toBeDefined();
    await page.goto(`/#/verify/${token}`);
    await page.getByText('Ihre E-Mail-Adresse ist bestätigt.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Anmelden' }).last().click();
    await heading('Anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(firstPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await heading('Vertrauliche Nachricht verfassen');
    expect(await unlabelled()).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1000, height: 1000 });
  });

  it('sends a message with an attachment that opens with the password shown', async () => {
    const before = h.sink.messages.length;
    password = await send(
      'Herr Becker <k.becker@example.org>',
      'Ihr Laborbefund vom 2. März',
      'Guten Tag Herr Becker,\nanbei Ihr Laborbefund. Alle Werte sind im Normalbereich.\nMit freundlichen Grüßen',
      true,
    );
    expect(await page.locator('.delivery-list').textContent()).toContain('k.becker@example.org');
    const [mail] = (await h.sink.waitFor(before + 1, 30_000)).slice(before);
    if (!mail) throw new Error('no mail reached the SMTP server');
    expect(mail.to).toEqual(['k.becker@example.org']);
    const sealed = await parseSealed(mail.raw);
    const files = await extractWith7z(sealed.zip, password);
    expect(files.get('Anhang-01.pdf')?.equals(attachment)).toBe(true);
    expect(await pdfToText(sealed.pdf, password)).toContain('Alle Werte sind im Normalbereich.');
    await expect(extractWith7z(sealed.zip, `${password}x`)).rejects.toThrow();
  });

  it('finds the message in the history with its password shown on demand', async () => {
    await send('praxis.meier@example.org, labor@example.org', 'Überweisung Kardiologie', 'Bitte um Termin.');
    await page.getByRole('link', { name: 'Verlauf' }).click();
    await heading('Gesendete Nachrichten');
    const item = page.locator('.history-item', { hasText: 'Ihr Laborbefund vom 2. März' });
    await item.waitFor();
    expect(await item.textContent()).toContain('k.becker@example.org');
    expect(await item.locator('.password').count()).toBe(0);
    await item.getByRole('button', { name: 'Passwort zeigen' }).click();
    expect(await item.locator('.password').textContent()).toBe(password);
    await page.screenshot({ path: path.join(shots, 'portal-history.png'), fullPage: true });
  });

  it('changes the password; the old one is refused afterwards and other sessions end', async () => {
    const other = await h.open('de-DE');
    await other.page.getByLabel('E-Mail-Adresse').fill(email);
    await other.page.getByLabel('Passwort', { exact: true }).fill(firstPassword);
    await other.page.getByRole('button', { name: 'Anmelden' }).click();
    await other.page.getByRole('heading', { name: 'Vertrauliche Nachricht verfassen' }).waitFor();

    await page.getByRole('link', { name: 'Konto' }).click();
    await heading('Konto');
    await page.getByLabel('Bisheriges Passwort').fill(firstPassword);
    await page.getByLabel('Neues Passwort', { exact: true }).fill(secondPassword);
    await page.getByLabel('Neues Passwort wiederholen').fill(secondPassword);
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByText('Passwort geändert. Alle anderen Sitzungen sind beendet.').waitFor();
    await other.page.getByRole('link', { name: 'Verlauf' }).click();
    await other.page.getByText('Ihre Sitzung ist abgelaufen. Bitte melden Sie sich wieder an.').waitFor();
    await other.page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await other.context.close();

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await heading('Anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(firstPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('E-Mail-Adresse oder Passwort stimmt nicht.').waitFor();
    await page.getByLabel('Passwort', { exact: true }).fill(secondPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await heading('Vertrauliche Nachricht verfassen');
  });

  it('shows the plan with how to change it, and switches receipt mails off', async () => {
    await page.getByRole('link', { name: 'Konto' }).click();
    await page.getByText('Kostenlos: verschlüsselte E-Mails, Passwort an Sie.').waitFor();
    await page.getByText('Den Tarif ändert der Betreiber dieses Dienstes.', { exact: false }).waitFor();
    expect(await unlabelled()).toEqual([]);
    const receipts = page.getByLabel(
      'Nach jedem Versand über das SMTP-Gateway eine Bestätigung mit dem Passwort an mich senden',
    );
    expect(await receipts.isChecked()).toBe(true);
    await receipts.uncheck();
    await page.getByText('Gespeichert.').waitFor();
    const account = await page.evaluate(async () => (await fetch('/v1/account')).json());
    expect(account).toMatchObject({ email, plan: 'free', receiptMails: false });
  });

  it('creates an API key shown once, which works until it is revoked', async () => {
    await page.getByRole('link', { name: 'Konto' }).click();
    await page.getByLabel('Name des neuen Schlüssels (z. B. „Outlook Praxis“)').fill('Outlook Praxis');
    await page.getByLabel('Ihr Passwort (ein Schlüssel meldet an wie das Passwort)').fill(secondPassword);
    await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
    const key = (await page.locator('#new-key-value').textContent()) ?? '';
    expect((await h.api('GET', '/v1/account', undefined, key)).status).toBe(200);
    await page.getByRole('button', { name: 'Schlüssel „Outlook Praxis“ widerrufen' }).click();
    await page.getByText('Der Schlüssel ist widerrufen und funktioniert nicht mehr.').waitFor();
    expect(await page.locator('#new-key-value').count()).toBe(0);
    expect((await h.api('GET', '/v1/account', undefined, key)).status).toBe(401);
  });

  it('deletes the account after saying what goes, and nothing of it signs in any more', async () => {
    await page.getByRole('link', { name: 'Konto' }).click();
    await page.getByText('Verlauf Ihrer gesendeten Nachrichten samt Passwörtern').waitFor();
    await page.getByLabel('Ihr Passwort zur Bestätigung').fill(secondPassword);
    await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
    await heading('Anmelden');
    await page.getByText('Ihr Konto ist gelöscht.').waitFor();
    const login = await h.api('POST', '/v1/auth/login', { email, password: secondPassword });
    expect(login.status).toBe(401);
  });
});
