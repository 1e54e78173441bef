import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { launchChromium, openPane } from './helpers/addin-browser';
import type { FakeOfficeConfig, FakeOfficeState, FakeOutlookControl } from './helpers/addin-fake-office';
import { type AddinService, paneAccount, startAddinService } from './helpers/addin-service';
import { extractWith7z, listWith7z, parseSealed, pdfToText } from './helpers/sealed';

// End to end from the Outlook compose window: the pane (real Chromium, fake Office) reads the
// draft, the running service seals and sends it to the local SMTP server and texts the password
// through the Twilio stand-in; the recipient's tools open what arrived with the password the pane
// showed. Also: an attachment over the service's limit is refused in plain words, nothing sent.

const LIMIT = 300_000;
const scan = randomBytes(120_000);
const letter = Buffer.from('Sehr geehrte Frau Müller,\nanbei der Befund.\n', 'utf8');
let service: AddinService;
let browser: Browser;

beforeAll(async () => {
  service = await startAddinService({ maxAttachmentBytes: LIMIT });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

const state = (page: Page) =>
  page.evaluate(() => (window as unknown as { __fakeOffice: FakeOfficeState }).__fakeOffice);

/** Signs in; the tick "Auch beim normalen Senden versiegeln" stays off: the button seals without it. */
async function signIn(page: Page, account = paneAccount): Promise<void> {
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByText(`Angemeldet als ${account.email}`).waitFor();
}

describe('Outlook pane: sending confidentially', () => {
  const draft: Partial<FakeOfficeConfig> = {
    to: ['patientin@example.org', '+4917166666666@sms.local'],
    cc: ['kollege@example.net'],
    subject: 'Ihr Befund vom März',
    html: '<p>Sehr geehrte Frau Müller, anbei der Befund.</p>',
    attachments: [
      {
        name: 'Röntgen Befund.bin',
        contentType: 'application/octet-stream',
        base64: scan.toString('base64'),
      },
      { name: 'Anschreiben.txt', contentType: 'text/plain', base64: letter.toString('base64') },
    ],
  };

  it('seals the draft on the button alone (no tick), shows the password that opens it, texts it, and discards the draft', async () => {
    const page = await openPane(browser, service.url, draft);
    await signIn(page);
    expect(await page.getByLabel('Auch beim normalen Senden versiegeln').isChecked()).toBe(false);
    await page.getByLabel('Handynummer für das Passwort per SMS').fill('0170 5555555');
    // `UPDATE_SCREENSHOTS=1 npx vitest run test/addin-send.db.test.ts` refreshes the README's pictures.
    if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: 'docs/screenshots/addin-pane.png' });
    // Hold the request until the pane has shown its progress, so the check does not race the service.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/v1/messages', async (route) => {
      await released;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await page.getByRole('status').filter({ hasText: 'Wird versiegelt und gesendet' }).waitFor();
    expect(await page.getByRole('button', { name: 'Versiegeln und senden' }).isDisabled()).toBe(true);
    release();
    await page.getByRole('heading', { name: 'Gesendet' }).waitFor({ timeout: 30_000 });
    const password = (await page.locator('#password').textContent()) ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{3,8}(-[A-Za-z0-9]{3,8})+$/);

    const [mail] = await service.sink.waitFor(1, 30_000);
    if (!mail) throw new Error('no mail arrived');
    expect(mail.to.sort()).toEqual(['kollege@example.net', 'patientin@example.org']);
    const sealed = await parseSealed(mail.raw);
    const files = await extractWith7z(sealed.zip, password);
    expect(files.get('Anhang-01.bin')?.equals(scan)).toBe(true);
    expect(files.get('Anhang-02.txt')?.equals(letter)).toBe(true);
    expect(await pdfToText(sealed.pdf, password)).toContain('Frau Müller');

    const texts = await service.twilio.waitFor(2, 30_000);
    expect(texts.map((r) => r.to).sort()).toEqual(['+491705555555', '+4917166666666']);
    for (const sms of texts) expect(sms.body).toContain(password);

    const delivery = await page.locator('#delivery').textContent();
    expect(delivery).toContain('patientin@example.org');
    expect(delivery).toContain('SMS an');

    await page.getByRole('button', { name: 'Buchstabieren' }).click();
    const spelled = await page.locator('#spelling li').allTextContents();
    expect(spelled).toHaveLength(password.length);
    expect(spelled.join(' ')).toMatch(/(großes|kleines) \S+ wie \S+/);
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.screenshot({ path: 'docs/screenshots/addin-pane-result.png', fullPage: true });
    }

    await page.getByRole('button', { name: 'Entwurf verwerfen' }).click();
    await page.getByText('Der Entwurf wurde verworfen').waitFor();
    expect((await state(page)).closed).toEqual({ discardItem: true });
    await page.context().close();
  });

  it('refuses an attachment over the limit in plain words and sends nothing; without it, it goes', async () => {
    const before = service.sink.messages.length;
    const page = await openPane(browser, service.url, {
      to: ['patientin@example.org'],
      attachments: [
        {
          name: 'gross.bin',
          contentType: 'application/octet-stream',
          base64: randomBytes(LIMIT + 1).toString('base64'),
        },
      ],
    });
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/messages'))
        keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await signIn(page);
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
      .toBe('Die Anhänge sind zu groß für eine vertrauliche Nachricht. Es wurde nichts gesendet.');
    expect((await state(page)).closed).toBeNull();
    expect(service.sink.messages.length).toBe(before);

    // The user takes the big file out and sends again: a new request, and it goes.
    await page.evaluate(() =>
      (window as unknown as { __fakeOutlook: FakeOutlookControl }).__fakeOutlook.removeAttachments(),
    );
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await page.getByRole('heading', { name: 'Gesendet' }).waitFor({ timeout: 30_000 });
    expect(keys).toHaveLength(2);
    expect(keys[1]).not.toBe(keys[0]);
    await service.sink.waitFor(before + 1, 30_000);
    await page.context().close();
  });
});

describe('Outlook pane: the tick and the button say what they do', () => {
  it('the tick marks the draft for the send guard and sends nothing by itself', async () => {
    const page = await openPane(browser, service.url, { to: ['patientin@example.org'] });
    const before = service.sink.messages.length;
    await signIn(page);
    await page.getByLabel('Auch beim normalen Senden versiegeln').check();
    await expect.poll(async () => (await state(page)).sessionData['vertraulich.confidential']).toBe('true');
    await page.getByLabel('Auch beim normalen Senden versiegeln').uncheck();
    await expect
      .poll(async () => (await state(page)).sessionData['vertraulich.confidential'] ?? '')
      .not.toBe('true');
    expect(service.sink.messages.length).toBe(before);
    await page.context().close();
  });

  it('in English: "Seal and send" and "Also seal when I press Send"', async () => {
    const page = await openPane(browser, service.url, { displayLanguage: 'en-US', to: ['a@example.org'] });
    await page.getByLabel('Email address').fill(paneAccount.email);
    await page.getByLabel('Password', { exact: true }).fill(paneAccount.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Also seal when I press Send').waitFor();
    expect(await page.getByRole('button', { name: 'Seal and send' }).isEnabled()).toBe(true);
    await page.context().close();
  });
});

describe('Outlook pane: an address not confirmed yet', () => {
  it('says to confirm the address, sends nothing, and mails the link again from its button', async () => {
    const fresh = { email: 'neu@example.org', password: 'noch-nicht-bestaetigt' };
    await createAccount(service.t.deps.db, { ...fresh, plan: 'paid', verified: false });
    const mails = service.sink.messages.length;
    const page = await openPane(browser, service.url, { to: ['empfaenger@example.org'] });
    await signIn(page, fresh);
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await expect
      .poll(() => page.locator('#message-text').textContent(), { timeout: 30_000 })
      .toBe(
        'Bitte bestätigen Sie Ihre Adresse: Wir haben Ihnen einen Link geschickt. Es wurde nichts gesendet.',
      );
    expect(service.sink.messages.length).toBe(mails);
    await page.getByRole('button', { name: 'Link noch einmal senden' }).click();
    await expect
      .poll(() => page.locator('#message-text').textContent())
      .toBe('Der Link ist unterwegs. Bitte sehen Sie in Ihrem Postfach nach.');
    const [link] = (await service.sink.waitFor(mails + 1, 30_000)).slice(mails);
    expect(link?.to).toEqual([fresh.email]);
    expect((await simpleParser(link?.raw ?? '')).text).toMatch(/\/#\/verify\/[\w-]+/);
    await page.context().close();
  });
});

describe('Outlook pane: the free plan', () => {
  it('refuses a password SMS in plain words and sends neither mail nor SMS', async () => {
    const free = { email: 'frei@example.org', password: 'frei-und-ohne-SMS' };
    await createAccount(service.t.deps.db, { ...free, plan: 'free' });
    const mails = service.sink.messages.length;
    const texts = service.twilio.attempts.length;
    const page = await openPane(browser, service.url, { to: ['empfaenger@example.org'] });
    await signIn(page, free);
    await page.getByLabel('Handynummer für das Passwort per SMS').fill('0170 1234567');
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
      .toBe(
        'Das erlaubt Ihr Tarif nicht. Passwörter per SMS gibt es nur im bezahlten Tarif. Es wurde nichts gesendet.',
      );
    expect(service.sink.messages.length).toBe(mails);
    expect(service.twilio.attempts.length).toBe(texts);
    await page.context().close();
  });
});

describe('Outlook pane: a retry after a lost answer', () => {
  it('sends again with the same Idempotency-Key, so the message goes out once; ZipCrypto when chosen', async () => {
    const before = service.sink.messages.length;
    const page = await openPane(browser, service.url, {
      to: ['empfaenger@example.org'],
      attachments: [{ name: 'alt.txt', contentType: 'text/plain', base64: letter.toString('base64') }],
    });
    await signIn(page);
    await page.getByLabel('ZipCrypto (alt, unsicher)').check();
    expect(await page.getByText('ZipCrypto ist schwach').isVisible()).toBe(true);
    const keys: string[] = [];
    let lose = true;
    await page.route('**/v1/messages', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!lose) return route.continue();
      lose = false;
      // The service gets the request and sends the mail; the answer never reaches the pane.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/nicht erreichbar/);
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await page.getByRole('heading', { name: 'Gesendet' }).waitFor({ timeout: 30_000 });

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(keys[1]).toBe(keys[0]);
    const arrived = await service.sink.waitFor(before + 1, 30_000);
    expect(arrived.length).toBe(before + 1);
    const last = arrived.at(-1);
    if (!last) throw new Error('no mail arrived');
    const sealed = await parseSealed(last.raw);
    expect(await listWith7z(sealed.zip)).toMatch(/Method = ZipCrypto/);
    const password = (await page.locator('#password').textContent()) ?? '';
    expect((await extractWith7z(sealed.zip, password)).get('Anhang-01.txt')?.equals(letter)).toBe(true);
    await page.context().close();
  });
});
