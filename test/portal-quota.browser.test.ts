import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFromMail } from './helpers/verification';
import { type PortalHarness, startPortalHarness } from './portal-harness';

// A quota reached, as the portal's user reads it (real Chromium, the real service with a free plan
// of one message a day): the second message is refused with how long to wait, in plain words, and
// nothing of it reaches the relay.

const email = 'sparsam@example.org';
const password = 'ein-gutes-passwort';

let h: PortalHarness;

beforeAll(async () => {
  h = await startPortalHarness({ LIMIT_MESSAGES_PER_DAY_FREE: '1' });
});
afterAll(() => h?.close());

describe('portal: a quota reached', () => {
  it('says a limit is reached and when to try again, and sends nothing more', async () => {
    const mails = h.sink.messages.length;
    expect((await h.api('POST', '/v1/accounts', { email, password })).status).toBe(201);
    await h.sink.waitFor(mails + 1, 30_000);
    await verifyFromMail(
      () => h.sink.messages,
      email,
      (path, body) => h.api('POST', path, body),
    );
    const { context, page } = await h.open('de-DE');
    try {
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      const send = async (to: string) => {
        await page.getByLabel('An', { exact: true }).fill(to);
        await page.getByLabel('Betreff (wird verschlüsselt)').fill('Befund');
        await page.getByLabel('Nachricht', { exact: true }).fill('Anbei der Befund.');
        await page.getByRole('button', { name: 'Verschlüsselt senden' }).click();
      };
      await send('erste@example.org');
      await page.getByRole('heading', { name: 'Nachricht versendet' }).waitFor();
      await h.sink.waitFor(h.sink.messages.length, 30_000);
      const before = h.sink.messages.length;
      await page.getByRole('link', { name: 'Verfassen' }).click();
      await send('zweite@example.org');
      await expect
        .poll(() => page.locator('.notice.error').first().textContent())
        .toBe('Ein Limit Ihres Kontos ist erreicht. Bitte versuchen Sie es in 24 Stunden erneut.');
      expect(h.sink.messages.slice(before).filter((m) => m.to.includes('zweite@example.org'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
