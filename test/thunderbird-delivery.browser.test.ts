import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollAcrossTicks } from './helpers/chromium';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import { type ExtensionPages, SERVICE, startExtensionPages } from './helpers/thunderbird-pages';

// The Thunderbird result window follows delivery while it is open (issue 17): the extension's real
// result page and background script in Chromium (fake `messenger` host), its requests answered by
// the real app in-process; Twilio's signed report of an unreachable phone shows up by itself, and
// "send the SMS again" sends the same password once more.

let pages: ExtensionPages;
let t: MessagesTestApp;

beforeAll(async () => {
  pages = await startExtensionPages();
  t = await createMessagesTestApp({ realClock: true });
}, 120_000);

afterAll(async () => {
  await pages?.close();
  await t?.close();
});

describe('the Thunderbird result window', () => {
  it('shows an unreachable phone with the reason, and sends the SMS again', async () => {
    const sender = await t.account('paid');
    const res = await t.request('/v1/messages', {
      method: 'POST',
      token: sender.apiKey,
      json: { to: ['bob@example.org'], subject: 'Befund', text: 'vertraulich', sms: ['0170 55555555'] },
    });
    const sent = (await res.json()) as { id: string; password: string };
    const [first] = await t.twilio.waitFor(1);
    if (!first?.sid) throw new Error('no SMS at Twilio');

    const { page, errors } = await pages.open({
      page: `result.html?id=${sent.id}`,
      lang: 'de',
      serviceUrl: SERVICE,
      clock: true,
      host: { storage: { credential: { kind: 'apiKey', apiKey: sender.apiKey, email: sender.email } } },
      service: async ({ method, path, headers, body }) => {
        const answer = await t.request(path, {
          method,
          headers: { authorization: headers.authorization ?? '', accept: 'application/json' },
          ...(body
            ? {
                body,
                headers: { authorization: headers.authorization ?? '', 'content-type': 'application/json' },
              }
            : {}),
        });
        return { status: answer.status, body: await answer.json() };
      },
    });
    await expect.poll(() => page.locator('#password').textContent(), { timeout: 20_000 }).toBe(sent.password);
    const line = page.locator('#status li', { hasText: '+4917055555555' });
    expect(await line.textContent()).toContain('gesendet');

    await t.twilio.report(first.sid, 'undelivered', { errorCode: 30003 });
    await pollAcrossTicks(page, () => line.textContent()).toContain('Nummer nicht erreichbar');
    expect(await page.locator('#status li', { hasText: 'bob@example.org' }).textContent()).toContain(
      'gesendet',
    );

    await line.getByRole('button', { name: 'Passwort vorlesen' }).click();
    await line.locator('.read-out').waitFor({ state: 'visible' });

    await line.getByRole('button', { name: 'SMS noch einmal senden' }).click();
    const [, second] = await t.twilio.waitFor(2);
    expect(second?.to).toBe('+4917055555555');
    expect(second?.body).toBe(first.body);
    await pollAcrossTicks(page, () => line.textContent()).not.toContain('fehlgeschlagen');
    expect(errors).toEqual([]);
  });
});
