import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/thunderbird';
import { type ExtensionPages, SERVICE, startExtensionPages } from './helpers/thunderbird-pages';

// The compose_action popup in real Chromium, with the extension's real background.js in the same
// page and a fake `messenger` host (test/helpers/thunderbird-fake-messenger.ts): the error cases a
// user meets (service down, wrong login, no recipients) each say so in plain words and send nothing.

let pages: ExtensionPages;

beforeAll(async () => {
  pages = await startExtensionPages();
}, 120_000);

afterAll(async () => {
  await pages?.close();
});

const signedIn = { credential: { kind: 'apiKey', apiKey: 'vk_test', email: 'alice@example.org' } };

describe('the Thunderbird popup in Chromium', () => {
  it('says the service cannot be reached when it is down, and keeps the draft', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const { page, record, errors } = await pages.open({
      lang: 'en',
      serviceUrl: down,
      host: {
        storage: signedIn,
        draft: { to: ['bob@example.org'], cc: [], bcc: [], subject: 'S', plainTextBody: 'T' },
      },
    });
    await page.getByRole('button', { name: 'Seal and send' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('The service cannot be reached');
    expect(await page.getByRole('alert').first().textContent()).toContain('Nothing was sent.');
    expect(await record()).toMatchObject({ windows: [], removedTabs: [] });
    expect(errors).toEqual([]);
  });

  it('says the email address or password is wrong, in German, and stays on the sign-in form', async () => {
    const { page, calls, errors } = await pages.open({ lang: 'de', serviceUrl: SERVICE, host: {} });
    await page.getByLabel('E-Mail-Adresse').fill('alice@example.org');
    await page.getByLabel('Passwort', { exact: true }).fill('falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('E-Mail-Adresse oder Passwort stimmt nicht.');
    expect(calls).toEqual(['POST /v1/auth/login']);
    expect(await page.getByLabel('E-Mail-Adresse').isVisible()).toBe(true);
    expect(await page.getByLabel('Auch beim normalen Senden versiegeln').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('refuses a draft without recipients before anything is read or posted', async () => {
    const { page, calls, record, errors } = await pages.open({
      lang: 'en',
      serviceUrl: SERVICE,
      host: { storage: signedIn },
    });
    expect(await page.locator('#recipients').textContent()).toContain('no email recipient');
    await page.getByRole('button', { name: 'Seal and send' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('The draft has no email recipient. Please add at least one address.');
    expect(calls).toEqual([]);
    expect(await record()).toMatchObject({ windows: [], removedTabs: [] });
    expect(errors).toEqual([]);
  });

  it('labels the button for what it does and the tick for the normal Send, in German', async () => {
    const { page, errors } = await pages.open({
      lang: 'de',
      serviceUrl: SERVICE,
      host: { storage: signedIn },
    });
    await page.getByLabel('Auch beim normalen Senden versiegeln').waitFor();
    expect(await page.getByLabel('Auch beim normalen Senden versiegeln').isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: 'Versiegeln und senden' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('says to confirm the address when the service refuses an unverified sender, and offers the link again', async () => {
    const { page, calls, record, errors } = await pages.open({
      lang: 'en',
      serviceUrl: SERVICE,
      host: {
        storage: signedIn,
        draft: { to: ['bob@example.org'], cc: [], bcc: [], subject: 'S', plainTextBody: 'T' },
      },
      service: {
        status: 403,
        body: {
          type: 'urn:vertraulich:problem:unverified',
          title: 'Address not confirmed yet',
          status: 403,
          detail: 'Confirm your address first.',
        },
      },
    });
    await page.getByRole('button', { name: 'Seal and send' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Please confirm your address: we sent you a link. Nothing was sent.');
    expect(await record()).toMatchObject({ windows: [], removedTabs: [] });
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await expect.poll(() => calls).toContain('POST /v1/accounts/verify/resend');
    expect(errors).toEqual([]);
  });

  it('shows the password to copy and spell out, and the delivery status, in the result window', async () => {
    const result = {
      id: 'msg_7',
      password: 'Kx7m-P2qr',
      status: 'sent',
      subject: 'Befund',
      createdAt: '2026-03-02T09:00:00Z',
      recipients: [{ address: 'bob@example.org', status: 'sent' }],
      sms: [{ phone: '+4917055555555', status: 'queued' }],
    };
    const { page, calls, errors } = await pages.open({
      page: 'result.html?id=msg_7',
      lang: 'de',
      serviceUrl: SERVICE,
      host: { storage: signedIn },
      service: { status: 200, body: result },
    });
    await expect.poll(() => page.locator('#password').textContent(), { timeout: 20_000 }).toBe('Kx7m-P2qr');
    // The background was started afresh (nothing pending): it asked the service for the message.
    expect(calls).toEqual(['GET /v1/messages/msg_7']);
    expect(await page.getByRole('button', { name: 'Kopieren' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Buchstabieren' }).click();
    expect(await page.locator('#spelling').textContent()).toContain('großes K wie Kaufmann');
    expect(await page.locator('#status').textContent()).toContain('bob@example.org: gesendet');
    expect(await page.locator('#status').textContent()).toContain(
      'SMS an +4917055555555: in der Warteschlange',
    );
    expect(errors).toEqual([]);
  });
});
