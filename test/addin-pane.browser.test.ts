import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccountByEmail } from '../api/accounts/accounts';
import { createApiKey } from '../api/accounts/api-keys';
import { launchChromium, OFFICE_CDN_GLOB, openPane } from './helpers/addin-browser';
import type { FakeOutlookControl } from './helpers/addin-fake-office';
import { type AddinService, paneAccount, startAddinService } from './helpers/addin-service';

// The Outlook pane in real Chromium, served by the running service, with a fake Office: signing
// in, and the errors that must leave the user informed and nothing sent.

let service: AddinService;
let baseUrl: string;
let browser: Browser;
const { email, password } = paneAccount;

beforeAll(async () => {
  service = await startAddinService();
  baseUrl = service.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByText(`Angemeldet als ${email}`).waitFor();
}

/** Every POST /v1/messages the page makes. */
function messagePosts(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/messages') posts.push(r.url());
  });
  return posts;
}

describe('Outlook add-in on the service', () => {
  it('is registered in the app: /addin/manifest.xml names the service’s public URL', async () => {
    const res = await service.t.request('/addin/manifest.xml');
    expect(res.status).toBe(200);
    const publicUrl = service.t.deps.config.publicUrl;
    expect(await res.text()).toContain(`<SourceLocation DefaultValue="${publicUrl}/addin/pane.html"/>`);
  });

  it('serves the pane with its CSP and no CORS grant', async () => {
    const res = await fetch(`${baseUrl}/addin/pane.html`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/outlook\.office\.com/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    for (const sneaky of ['%2e%2e/package.json', '..%2fpackage.json', '%2e%2e/%2e%2e/etc/passwd']) {
      const res = await fetch(`${baseUrl}/addin/${sneaky}`);
      expect(res.status, sneaky).toBeGreaterThanOrEqual(400);
      expect(await res.text(), sneaky).not.toMatch(/"name": "vertraulich"|root:/);
    }
  });
});

describe('Outlook send guard (runtime.html + on-send.js as built)', () => {
  it('registers onMessageSendHandler, which stops a draft the pane marked and lets others go', async () => {
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] }, { file: 'runtime.html' });
    const results = await page.evaluate(async () => {
      const w = window as unknown as {
        __fakeOfficeActions: Record<string, (e: { completed(o: unknown): void }) => Promise<void>>;
        __fakeOffice: { sessionData: Record<string, string> };
      };
      const handler = w.__fakeOfficeActions.onMessageSendHandler;
      if (!handler) return 'not registered';
      const run = () =>
        new Promise<unknown>((resolve) => {
          void handler({ completed: resolve });
        });
      const plain = await run();
      w.__fakeOffice.sessionData['vertraulich.confidential'] = 'true';
      return [plain, await run()];
    });
    expect(results).toEqual([
      { allowEvent: true },
      expect.objectContaining({ allowEvent: false, commandId: 'vertraulich.openPane' }),
    ]);
    await page.context().close();
  });
});

describe('Outlook pane: signing in', () => {
  it('says plainly that the login is wrong, and stays on the sign-in form', async () => {
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] });
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill('falsch-falsch-falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('E-Mail-Adresse oder Passwort stimmt nicht.');
    expect(await page.getByLabel('Auch beim normalen Senden versiegeln').isVisible()).toBe(false);
    await page.context().close();
  });

  it('signs in once: the token is kept in roaming settings and the pane opens signed in next time', async () => {
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] });
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText(`Angemeldet als ${email}`).waitFor();
    await page.reload();
    await page.getByText(`Angemeldet als ${email}`).waitFor();
    expect(await page.getByLabel('E-Mail-Adresse').isVisible()).toBe(false);
    await page.context().close();
  });

  it('signs in with an API key instead of a password', async () => {
    const account = await findAccountByEmail(service.t.deps.db, email);
    if (!account) throw new Error('the pane account is missing');
    const { apiKey } = await createApiKey(service.t.deps.db, account.id, 'Outlook', new Date());
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] });
    await page.getByLabel('API-Schlüssel (statt Passwort)').fill(apiKey);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText(`Angemeldet als ${email}`).waitFor();
    await page.context().close();
  });

  it('speaks English in an English Outlook', async () => {
    const page = await openPane(browser, baseUrl, { displayLanguage: 'en-US', to: ['a@example.org'] });
    await page.getByLabel('Email address').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.context().close();
  });

  it('falls back to the bundled office.js when Microsoft’s CDN cannot be reached', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.route(OFFICE_CDN_GLOB, (route) => route.abort('internetdisconnected'));
    const local = page.waitForResponse((r) => r.url().endsWith('/addin/office-js/office.js'));
    await page.goto(`${baseUrl}/addin/pane.html`);
    expect((await local).status()).toBe(200);
    // The real office.js, outside Outlook, reports no host; the pane says where it works.
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
      .toBe('Dieser Bereich funktioniert nur in Outlook.');
    await context.close();
  });
});

describe('Outlook pane: refusing to send, in plain words', () => {
  it('a draft whose only recipient is a phone: asks for an address, sends nothing', async () => {
    const page = await openPane(browser, baseUrl, { to: ['+4917055555555@sms.local'] });
    const posts = messagePosts(page);
    await signIn(page);
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'Der Entwurf hat keinen E-Mail-Empfänger. Bitte tragen Sie mindestens eine Adresse ein. Es wurde nichts gesendet.',
      );
    expect(posts).toEqual([]);
    await page.context().close();
  });

  it('the API down: says the service cannot be reached and nothing was sent', async () => {
    const own = await service.listen();
    const page = await openPane(browser, own.url, { to: ['a@example.org'] });
    await signIn(page);
    await own.stop();
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Der Dienst ist nicht erreichbar\..*Es wurde nichts gesendet\.$/);
    expect(
      await page.evaluate(
        () => (window as unknown as { __fakeOffice: { closed: unknown } }).__fakeOffice.closed,
      ),
    ).toBeNull();
    await page.context().close();
  });

  it('keeps its summary current when the user adds a recipient beside it', async () => {
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] });
    await signIn(page);
    await expect.poll(() => page.locator('#summary-recipients').textContent()).toBe('a@example.org');
    await page.evaluate(() =>
      (window as unknown as { __fakeOutlook: FakeOutlookControl }).__fakeOutlook.addRecipient(
        '+491701112223@sms.local',
      ),
    );
    await expect.poll(() => page.locator('#draft-phones').textContent()).toContain('+491701112223');
    await page.context().close();
  });

  it('an ended session: says to sign in again, shows the sign-in form, sends nothing', async () => {
    const page = await openPane(browser, baseUrl, { to: ['a@example.org'] });
    const posts = messagePosts(page);
    await signIn(page);
    const token = await page.evaluate(
      () => JSON.parse(localStorage.getItem('fake-office-roaming') ?? '{}')['vertraulich.signIn']?.credential,
    );
    expect((await service.t.request('/v1/auth/logout', { method: 'POST', token })).status).toBeLessThan(300);
    await page.getByRole('button', { name: 'Versiegeln und senden' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an. Es wurde nichts gesendet.');
    expect(await page.getByLabel('E-Mail-Adresse').isVisible()).toBe(true);
    expect(posts).toHaveLength(1);
    expect(service.sink.messages).toHaveLength(0);
    await page.context().close();
  });
});
