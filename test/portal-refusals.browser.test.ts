import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFromMail } from './helpers/verification';
import { type PortalHarness, startPortalHarness } from './portal-harness';

// What the portal refuses, in plain words, in a real Chromium against the running service: a locked
// login (with when to try again, even for the right password) and SMS on the free plan.

let h: PortalHarness;

beforeAll(async () => {
  h = await startPortalHarness();
});
afterAll(() => h?.close());

async function createAccount(email: string, password: string): Promise<void> {
  const mails = h.sink.messages.length;
  const res = await h.api('POST', '/v1/accounts', { email, password, name: 'Test Person' });
  expect(res.status).toBe(201);
  await h.sink.waitFor(mails + 1, 30_000);
  // Only a proven address can send: open the mailed link as its owner would.
  await verifyFromMail(
    () => h.sink.messages,
    email,
    (path, body) => h.api('POST', path, body),
  );
}

describe('portal refusals', () => {
  it('tells a locked-out user in plain words when to try again, even with the right password', async () => {
    await createAccount('gesperrt@example.org', 'das-richtige-passwort');
    const { context, page } = await h.open('en-GB');
    try {
      await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
      const email = page.getByLabel('Email address');
      const password = page.getByLabel('Password', { exact: true });
      const alert = page.locator('.notice.error');
      await email.fill('gesperrt@example.org');
      let locked = false;
      for (let attempt = 1; attempt <= 6 && !locked; attempt++) {
        await password.fill(`falsch-${attempt}`);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect.poll(() => alert.textContent()).toMatch(/wrong|locked/);
        const text = (await alert.textContent()) ?? '';
        locked = text.includes('locked');
        if (!locked) expect(text).toBe('The email address or the password is wrong.');
      }
      expect(locked).toBe(true);
      await password.fill('das-richtige-passwort');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect
        .poll(() => alert.textContent())
        .toMatch(
          /^Too many failed attempts: signing in is locked for a while\. Try again at \d\d:\d\d \(in 1[45] minutes\)\.$/,
        );
      expect(await page.getByRole('heading', { name: 'Write a confidential message' }).count()).toBe(0);

      // The same page in German after switching the language, keeping what was typed.
      await page.getByLabel('Language').selectOption('de');
      await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
      expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe('gesperrt@example.org');
      await page.getByLabel('Passwort', { exact: true }).fill('das-richtige-passwort');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await expect
        .poll(() => alert.textContent())
        .toMatch(/Versuchen Sie es ab \d\d:\d\d Uhr wieder \(in 1[45] Minuten\)/);
    } finally {
      await context.close();
    }
  });

  it('refuses a phone number on the free plan in plain words and sends nothing', async () => {
    await createAccount('kostenlos@example.org', 'ein-gutes-passwort');
    const { context, page } = await h.open('de-DE');
    try {
      await page.getByLabel('E-Mail-Adresse').fill('kostenlos@example.org');
      await page.getByLabel('Passwort', { exact: true }).fill('ein-gutes-passwort');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { name: 'Vertrauliche Nachricht verfassen' }).waitFor();
      const before = h.sink.messages.length;
      await page.getByLabel('An', { exact: true }).fill('empfaenger@example.org');
      await page.getByLabel('Telefonnummern für das Passwort per SMS').fill('0170 5555555');
      await page.getByLabel('Betreff (wird verschlüsselt)').fill('Befund');
      await page.getByLabel('Nachricht', { exact: true }).fill('Anbei der Befund.');
      await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
      await expect
        .poll(() => page.locator('.notice.error').textContent())
        .toBe(
          'SMS gibt es nur im bezahlten Tarif; es wurde nichts gesendet. Entfernen Sie die Telefonnummern oder lassen Sie Ihren Tarif ändern.',
        );
      const history = await page.evaluate(async () => {
        const res = await fetch('/v1/messages');
        return (await res.json()) as { messages: unknown[] };
      });
      expect(history.messages).toEqual([]);
      expect(h.sink.messages.length).toBe(before);
    } finally {
      await context.close();
    }
  });

  it('explains a short password, and answers a taken address exactly as a new one', async () => {
    await createAccount('vergeben@example.org', 'ein-gutes-passwort');
    const { context, page } = await h.open('de-DE');
    try {
      await page.getByRole('link', { name: 'Noch kein Konto? Jetzt anlegen' }).click();
      // The sign-in form, with a field of the same label, is replaced now: type only into the new one.
      await page.getByRole('heading', { name: 'Konto anlegen' }).waitFor();
      await page.getByLabel('E-Mail-Adresse').fill('vergeben@example.org');
      await page.getByLabel('Passwort', { exact: true }).fill('kurz');
      await page.getByLabel('Passwort wiederholen').fill('kurz');
      await page.getByRole('button', { name: 'Konto anlegen' }).click();
      const alert = page.locator('.notice.error');
      await expect.poll(() => alert.textContent()).toBe('Das Passwort ist zu kurz: mindestens 10 Zeichen.');
      await page.getByLabel('Passwort', { exact: true }).fill('lang-genug-jetzt');
      await page.getByLabel('Passwort wiederholen').fill('lang-genug-jetzt');
      await page.getByRole('button', { name: 'Konto anlegen' }).click();
      // What a stranger reads for someone else's address is what a new user reads for a new one.
      const said = (address: string) =>
        `Fast geschafft: Wir haben einen Link an ${address} geschickt. Öffnen Sie ihn, um Ihre Adresse zu bestätigen; erst dann können Sie senden. Anmelden können Sie sich schon jetzt.`;
      await page.getByText(said('vergeben@example.org')).waitFor();
      await page.getByRole('link', { name: 'Noch kein Konto? Jetzt anlegen' }).click();
      await page.getByRole('heading', { name: 'Konto anlegen' }).waitFor();
      await page.getByLabel('E-Mail-Adresse').fill('ganz-neu@example.org');
      await page.getByLabel('Passwort', { exact: true }).fill('lang-genug-jetzt');
      await page.getByLabel('Passwort wiederholen').fill('lang-genug-jetzt');
      await page.getByRole('button', { name: 'Konto anlegen' }).click();
      await page.getByText(said('ganz-neu@example.org')).waitFor();
      expect(await page.getByRole('heading', { name: 'Anmelden' }).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});
