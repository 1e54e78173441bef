import { randomBytes } from 'node:crypto';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { Hono } from 'hono';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRoutes } from '../api/http/routes/open';
import { type SealRequest, sealOptions } from '../api/i18n/seal-texts';
import { type Draft, type DraftAttachment, seal } from '../api/seal/index';
import { SIZER_SCRIPT } from '../ui/open/html-body-sizer';
import { parseSealed } from './helpers/sealed';
import {
  buildOpenPage,
  downloadAttachment,
  launchChromium,
  loadOpenPage,
  outcome,
  recordCspViolations,
  recordRequests,
  type Served,
  serveApp,
  submitZip,
} from './open-harness';

// The /open page in real Chromium: recipients decrypt the sealed ZIP in their browser and nothing
// leaves it. The ZIPs come from the sealing core (seal()), exactly as a recipient gets them.

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const attachments: DraftAttachment[] = [
  { filename: 'Befund Müller.pdf', contentType: 'application/pdf', content: PDF },
  { filename: 'Röntgenbild.png', contentType: 'image/png', content: PNG },
  { filename: 'Messdaten.bin', contentType: 'application/octet-stream', content: randomBytes(300_000) },
];

async function sealedZip(options: SealRequest, draft: Partial<Draft> = {}) {
  const result = await seal(
    {
      draft: {
        from: { name: 'Dr. Anna Schäfer', address: 'praxis@example.org' },
        to: ['patient@example.net'],
        subject: 'Ihr Befund vom 2. März',
        text: 'Guten Tag Herr Müller,\n\nanbei Ihr Befund. Die Werte sind unauffällig.\n\nMit freundlichen Grüßen\nAnna Schäfer',
        attachments,
        date: new Date('2026-03-02T09:30:00Z'),
        ...draft,
      },
    },
    sealOptions({ publicUrl: 'https://vertraulich.example', ...options }),
  );
  return { zip: (await parseSealed(result.sealedMessage)).zip, password: result.password };
}

/** An encrypted ZIP of someone else's: the right password, but no .eml inside. */
async function foreignZip(password: string): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { password, encryptionStrength: 3 });
  await writer.add('Rechnung.pdf', new Uint8ArrayReader(PDF));
  return writer.close();
}

let browser: Browser;
let served: Served;
let remoteHits = 0;
let pageHits = 0;

beforeAll(async () => {
  await buildOpenPage();
  const app = new Hono();
  // Stands for any server on the internet a mail's HTML might point at.
  app.get('/remote/*', () => {
    remoteHits++;
    return new Response(PNG, { headers: { 'Content-Type': 'image/png' } });
  });
  app.use('/open/*', async (_c, next) => {
    pageHits++;
    await next();
  });
  app.use('/open', async (_c, next) => {
    pageHits++;
    await next();
  });
  app.route('/', openRoutes());
  served = await serveApp(app.fetch);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function withContext<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ locale: 'de-DE' });
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

describe('the /open page', () => {
  it('opens an AES-256 ZIP from seal(): headers, body and every attachment byte for byte, no request made', async () => {
    const { zip, password } = await sealedZip({ zip: 'aes256' });
    await withContext(async (context) => {
      const loading = recordRequests(context);
      const page = await loadOpenPage(context, served.url);
      // The recorder sees what the browser fetches: the page itself, at least.
      expect(loading).toContain(`GET ${served.url}/open?lang=de`);
      const violations = recordCspViolations(page);
      const requests = recordRequests(context);
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      await expect.poll(() => page.locator('#m-subject').textContent()).toBe('Ihr Befund vom 2. März');
      expect(await page.locator('#m-from').textContent()).toContain('praxis@example.org');
      expect(await page.locator('#m-to').textContent()).toContain('patient@example.net');
      expect(await page.locator('#m-body').textContent()).toContain('Die Werte sind unauffällig.');
      for (const attachment of attachments) {
        const saved = await downloadAttachment(page, attachment.filename);
        expect(Buffer.compare(saved, Buffer.from(attachment.content)), attachment.filename).toBe(0);
      }
      const preview = page.getByRole('img', { name: 'Vorschau von Röntgenbild.png' });
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
      expect(requests).toEqual([]);
      // The PDF preview is a page of ours in a sandboxed frame (test/open-frames.browser.test.ts): it
      // loads its own three files from here; the PDF's bytes reach it by postMessage.
      await page.getByRole('button', { name: 'Vorschau' }).click();
      const pdfFrame = page.getByTitle('Vorschau von Befund Müller.pdf');
      expect(await pdfFrame.getAttribute('sandbox')).toBe('allow-scripts');
      await page.frameLocator('iframe.preview-pdf').getByRole('img', { name: 'Seite 1 von 1' }).waitFor();
      const previewFiles = ['html', 'css', 'js'].map((ext) => `GET ${served.url}/open/pdf-preview.${ext}`);
      expect(requests.sort()).toEqual(previewFiles.sort());
      expect(violations).toEqual([]);
    });
  });

  it('opens a ZipCrypto ZIP, in English', async () => {
    const { zip, password } = await sealedZip({ zip: 'zipcrypto', language: 'en' });
    await withContext(async (context) => {
      const page = await loadOpenPage(context, served.url, 'en');
      const requests = recordRequests(context);
      await submitZip(page, zip, password, 'confidential-message.zip');
      expect(await outcome(page)).toBe('message');
      expect(await page.locator('#m-body').textContent()).toContain('Die Werte sind unauffällig.');
      expect(await page.getByRole('heading', { name: 'Attachments' }).isVisible()).toBe(true);
      const saved = await downloadAttachment(page, 'Messdaten.bin');
      expect(Buffer.compare(saved, Buffer.from(attachments[2]?.content ?? []))).toBe(0);
      expect(requests).toEqual([]);
    });
  });

  it('shows a Japanese HTML body with emoji and its inline image, and loads no remote image', async () => {
    const html =
      '<h1>お知らせ 🎌</h1><p>検査結果は正常です。😊 よろしくお願いします。</p>' +
      `<img src="cid:stempel@praxis" alt="Stempel"><img src="${served.url}/remote/track.png" alt="tracker">` +
      `<svg width="10" height="10"><image href="${served.url}/remote/svg.png" width="10" height="10"/></svg>` +
      `<div style="background:url(${served.url}/remote/bg.png)">Stil</div>` +
      '<script>document.title = "pwned"</script>';
    const { zip, password } = await sealedZip(
      { zip: 'aes256' },
      {
        subject: '検査結果のお知らせ 📋',
        text: '検査結果は正常です。😊',
        html,
        attachments: [
          { filename: 'stempel.png', contentType: 'image/png', content: PNG, contentId: 'stempel@praxis' },
        ],
      },
    );
    remoteHits = 0;
    await withContext(async (context) => {
      const page = await loadOpenPage(context, served.url);
      const violations = recordCspViolations(page);
      const requests = recordRequests(context);
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      expect(await page.locator('#m-subject').textContent()).toBe('検査結果のお知らせ 📋');
      const frame = page.frameLocator('iframe.html-body');
      await expect
        .poll(() => frame.locator('p').textContent())
        .toBe('検査結果は正常です。😊 よろしくお願いします。');
      const inline = frame.getByRole('img', { name: 'Stempel' });
      await expect.poll(() => inline.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
      // The one script in the frame is its sizer (ui/open/html-body-sizer.ts), not the mail's.
      expect(await frame.locator('script').evaluateAll((all) => all.map((s) => s.textContent))).toEqual([
        SIZER_SCRIPT,
      ]);
      expect(await page.title()).not.toBe('pwned');
      expect(await page.locator('#m-blocked').isVisible()).toBe(true);
      expect(await page.locator('iframe.html-body').getAttribute('sandbox')).not.toContain(
        'allow-same-origin',
      );
      expect(requests).toEqual([]);
      expect(violations).toEqual([]);
      expect(remoteHits).toBe(0);
    });
  });

  it('works offline after one visit: reloads from the service worker and still opens a ZIP', async () => {
    const { zip, password } = await sealedZip({ zip: 'aes256' });
    await withContext(async (context) => {
      const page = await loadOpenPage(context, served.url);
      await context.setOffline(true);
      const hitsBefore = pageHits;
      await page.reload();
      await page.getByRole('heading', { name: 'Vertrauliche Nachricht öffnen' }).waitFor();
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      expect(await page.locator('#m-body').textContent()).toContain('Die Werte sind unauffällig.');
      const saved = await downloadAttachment(page, 'Befund Müller.pdf');
      expect(Buffer.compare(saved, PDF)).toBe(0);
      expect(pageHits).toBe(hitsBefore);
    });
  });

  it('opens the whole saved sealed mail dropped onto the page', async () => {
    const { sealedMessage, password } = await seal(
      { draft: { from: { address: 'praxis@example.org' }, to: ['a@example.net'], text: 'Gedropptes Hallo' } },
      sealOptions({}),
    );
    await withContext(async (context) => {
      const page = await loadOpenPage(context, served.url);
      const requests = recordRequests(context);
      // What the browser hands the page when a file is dragged from the mail program or the desktop.
      const dropped = await page.evaluateHandle((base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'Vertrauliche Nachricht.eml', { type: 'message/rfc822' }));
        return transfer;
      }, sealedMessage.toString('base64'));
      await page.locator('#drop').dispatchEvent('drop', { dataTransfer: dropped });
      expect(await page.locator('#drop-hint').textContent()).toBe('Gewählt: Vertrauliche Nachricht.eml');
      await page.getByLabel('2. Passwort').fill(password);
      await page.getByRole('button', { name: 'Öffnen' }).click();
      expect(await outcome(page)).toBe('message');
      expect(await page.locator('#m-body').textContent()).toContain('Gedropptes Hallo');
      expect(requests).toEqual([]);
    });
  });

  it('speaks the browser language and switches on request', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${served.url}/open`);
      await page.getByRole('heading', { name: 'Open a confidential message' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByText('The file never leaves this device').isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
      await page.getByRole('heading', { name: 'Vertrauliche Nachricht öffnen' }).waitFor();
      expect(await page.getByLabel('2. Passwort').isVisible()).toBe(true);
      // The choice is remembered for the next visit.
      await page.reload();
      await page.getByRole('heading', { name: 'Vertrauliche Nachricht öffnen' }).waitFor();
    } finally {
      await context.close();
    }
  });

  describe('plain messages for files it cannot open', () => {
    it.each([
      ['a wrong password', 'wrong', /Das Passwort stimmt nicht/],
      ['a random file', 'random', /keine vertrauliche Nachricht/],
      ['a truncated ZIP', 'truncated', /unvollständig/],
      ['a ZIP with no message in it', 'foreign', /keine vertrauliche Nachricht/],
    ])('%s', async (_name, kind, expected) => {
      const { zip, password } = await sealedZip({ zip: 'aes256' });
      const files: Record<string, Uint8Array> = {
        random: randomBytes(50_000),
        truncated: zip.subarray(0, zip.length / 2),
        foreign: await foreignZip(password),
      };
      const file = files[kind] ?? zip;
      await withContext(async (context) => {
        const page = await loadOpenPage(context, served.url);
        const requests = recordRequests(context);
        await submitZip(page, file, kind === 'wrong' ? 'Kx7m-P2qr-9Tzb-W4nd-Hs3e' : password);
        expect(await outcome(page)).toBe('error');
        expect(await page.locator('#error').textContent()).toMatch(expected);
        expect(requests).toEqual([]);
      });
    });
  });
});
