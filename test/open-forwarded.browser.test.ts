import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessagesTestApp, type MessagesTestApp } from './helpers/messages-app';
import { composeMail, parseSealed } from './helpers/sealed';
import {
  buildOpenPage,
  downloadAttachment,
  launchChromium,
  loadOpenPage,
  outcome,
  recordRequests,
  type Served,
  serveApp,
  submitZip,
} from './open-harness';

// A forwarded message on /open: the sender attaches a mail (.eml, message/rfc822) that has an
// attachment of its own; the recipient opens the sealed ZIP, then the forwarded mail on the page
// (headers, its HTML body sanitised as the main one's, its attachment to save) and goes back.

const LAB = Buffer.from('Wert;Einheit\nHb;13,9 g/dl\nCRP;<5 mg/l\n');

let t: MessagesTestApp;
let served: Served;
let browser: Browser;
let apiKey: string;
let forwarded: Buffer;

beforeAll(async () => {
  await buildOpenPage();
  t = await createMessagesTestApp();
  apiKey = (await t.account('free')).apiKey;
  served = await serveApp(t.app.fetch);
  browser = await launchChromium();
  forwarded = await composeMail({
    from: 'Labor Nord <befund@labor-nord.example>',
    to: 'praxis@example.org',
    subject: 'Laborwerte Frau Becker',
    date: new Date('2026-11-30T08:15:00Z'),
    text: 'Die Laborwerte liegen im Normbereich.',
    // A remote image: blocked on the page like in the main message (nobody learns of the opening).
    html: '<p>Die Laborwerte liegen <b>im Normbereich</b>.</p><img src="https://tracker.example/p.gif">',
    attachments: [{ filename: 'Laborwerte.csv', contentType: 'text/csv', content: LAB }],
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await t?.close();
});

async function send(includeOriginal: boolean) {
  const before = t.sink.messages.length;
  const res = await t.request('/v1/messages', {
    method: 'POST',
    token: apiKey,
    json: {
      to: ['k.becker@example.net'],
      subject: 'WG: Laborwerte',
      text: 'Anbei die Laborwerte, weitergeleitet.',
      attachments: [
        {
          filename: 'Laborwerte Becker.eml',
          contentType: 'message/rfc822',
          content: forwarded.toString('base64'),
        },
      ],
      options: { includeOriginal },
    },
  });
  expect(res.status).toBe(201);
  const { password } = (await res.json()) as { password: string };
  const [mail] = await t.sink.waitFor(before + 1).then((all) => all.slice(before));
  if (!mail) throw new Error('the relay got no mail');
  return { sealed: await parseSealed(mail.raw), password };
}

describe('/open shows a forwarded message among the attachments', () => {
  it.each([
    ['in the ZIP', false],
    ['in the sealed .eml too (include original)', true],
  ])('%s: its headers, body and attachment, and the way back', async (_, includeOriginal) => {
    const { sealed, password } = await send(includeOriginal);
    const context = await browser.newContext({ locale: 'de-DE' });
    try {
      const page = await loadOpenPage(context, served.url, 'de');
      const requests = recordRequests(context);
      await submitZip(page, sealed.zip, password, sealed.zipName);
      expect(await outcome(page)).toBe('message');
      expect(await page.locator('#m-subject').textContent()).toBe('WG: Laborwerte');
      // Listed once, to save as it is or to show on the page.
      expect(await page.getByRole('button', { name: 'Laborwerte Becker.eml anzeigen' }).count()).toBe(1);
      const saved = await downloadAttachment(page, 'Laborwerte Becker.eml');
      // From the ZIP byte for byte; from inside the sealed .eml as its MIME parser decodes a 7bit part
      // (line ends as LF, no last one), the same mail.
      const lines = (b: Buffer) => b.toString('utf8').replace(/\r\n/g, '\n').trimEnd();
      if (includeOriginal) expect(lines(saved)).toBe(lines(forwarded));
      else expect(Buffer.compare(saved, forwarded)).toBe(0);

      await page.getByRole('button', { name: 'Laborwerte Becker.eml anzeigen' }).click();
      await expect.poll(() => page.locator('#m-subject').textContent()).toBe('Laborwerte Frau Becker');
      expect(await page.locator('#m-from').textContent()).toBe('Labor Nord <befund@labor-nord.example>');
      expect(await page.locator('#m-date').textContent()).toContain('2026');
      const body = page.frameLocator('#m-body iframe');
      await body.getByText('im Normbereich').waitFor();
      expect(await page.locator('#m-blocked').isVisible()).toBe(true);
      expect(await page.getByText('Weitergeleitete Nachricht, aus den Anhängen geöffnet.').isVisible()).toBe(
        true,
      );
      const lab = await downloadAttachment(page, 'Laborwerte.csv');
      expect(Buffer.compare(lab, LAB)).toBe(0);

      await page.getByRole('button', { name: 'Zurück zur Nachricht' }).click();
      await expect.poll(() => page.locator('#m-subject').textContent()).toBe('WG: Laborwerte');
      expect(await page.locator('#m-forwarded').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Laborwerte Becker.eml anzeigen' }).isVisible()).toBe(
        true,
      );
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
