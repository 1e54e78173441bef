import { randomBytes } from 'node:crypto';
import { PDFDocument, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { Hono } from 'hono';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRoutes } from '../api/http/routes/open';
import { securityHeaders } from '../api/http/security-headers';
import { sealOptions } from '../api/i18n/seal-texts';
import { type Draft, seal } from '../api/seal/index';
import { SIZER_SCRIPT } from '../ui/open/html-body-sizer';
import { parseSealed } from './helpers/sealed';
import {
  buildOpenPage,
  downloadAttachment,
  launchChromium,
  loadOpenPage,
  outcome,
  recordCspViolations,
  type Served,
  serveApp,
  submitZip,
} from './open-harness';

// The two frames of the /open page that show what the sender wrote, in real Chromium, served with
// the service's own security headers: the HTML body and a PDF attachment's preview. Both have an
// opaque origin (no allow-same-origin), so nothing in them reaches the page, its password or its
// storage; the HTML frame still fits its content, and the PDF's pages are drawn by pdf.js.

/** Two pages; the first with a dark block and a line of text, so a drawn page has dark pixels. */
async function reportPdf(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const title of ['Befund Seite eins', 'Befund Seite zwei']) {
    const page = pdf.addPage([300, 400]);
    page.drawRectangle({ x: 40, y: 250, width: 220, height: 100, color: rgb(0.1, 0.2, 0.3) });
    page.drawText(title, { x: 40, y: 200, size: 18, font, color: rgb(0, 0, 0) });
  }
  return Buffer.from(await pdf.save());
}

async function sealedZip(draft: Partial<Draft>) {
  const result = await seal(
    {
      draft: {
        from: { name: 'Dr. Anna Schäfer', address: 'praxis@example.org' },
        to: ['patient@example.net'],
        subject: 'Ihr Befund',
        text: 'Guten Tag, anbei Ihr Befund.',
        date: new Date('2026-03-02T09:30:00Z'),
        ...draft,
      },
    },
    sealOptions({ publicUrl: 'https://vertraulich.example', zip: 'aes256' }),
  );
  return { zip: (await parseSealed(result.sealedMessage)).zip, password: result.password };
}

let browser: Browser;
let served: Served;

beforeAll(async () => {
  await buildOpenPage();
  const app = new Hono();
  app.use(securityHeaders({ publicUrl: 'http://127.0.0.1' }));
  app.route('/', openRoutes());
  served = await serveApp(app.fetch);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function withPage<T>(fn: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ locale: 'de-DE' });
  try {
    return await fn(await loadOpenPage(context, served.url), context);
  } finally {
    await context.close();
  }
}

/** Whether the canvas holds a pixel darker than light grey: a page that pdf.js drew on. */
function hasInk(canvas: HTMLCanvasElement): boolean {
  const context = canvas.getContext('2d');
  if (!context || canvas.width === 0) return false;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i] ?? 255) < 128 && (data[i + 1] ?? 255) < 128 && (data[i + 2] ?? 255) < 128) return true;
  }
  return false;
}

describe('the PDF preview', () => {
  it('draws the pages with pdf.js in a frame sandboxed to its own script, out of the page’s reach', async () => {
    const { zip, password } = await sealedZip({
      attachments: [{ filename: 'Befund.pdf', contentType: 'application/pdf', content: await reportPdf() }],
    });
    await withPage(async (page) => {
      const violations = recordCspViolations(page);
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      await page.getByRole('button', { name: 'Vorschau' }).click();
      const frame = page.getByTitle('Vorschau von Befund.pdf');
      expect(await frame.getAttribute('sandbox')).toBe('allow-scripts');
      const preview = page.frameLocator('iframe.preview-pdf');
      const first = preview.getByRole('img', { name: 'Seite 1 von 2' });
      await expect.poll(() => first.evaluate(hasInk), { timeout: 20_000 }).toBe(true);
      expect(await frame.evaluate((f: HTMLIFrameElement) => f.contentDocument === null)).toBe(true);
      // The frame's document has an opaque origin: no way into the page's storage or DOM either.
      expect(await preview.locator('body').evaluate(() => self.origin)).toBe('null');
      const reach = () => {
        try {
          return window.parent.document.title;
        } catch {
          return 'blocked';
        }
      };
      expect(await preview.locator('body').evaluate(reach)).toBe('blocked');
      expect(violations).toEqual([]);
    });
  });

  it('says so in the frame when pdf.js cannot read the file', async () => {
    const { zip, password } = await sealedZip({
      attachments: [{ filename: 'Kaputt.pdf', contentType: 'application/pdf', content: randomBytes(4000) }],
    });
    await withPage(async (page) => {
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      await page.getByRole('button', { name: 'Vorschau' }).click();
      const preview = page.frameLocator('iframe.preview-pdf');
      await expect
        .poll(() => preview.getByRole('status').textContent(), { timeout: 20_000 })
        .toMatch(/^Diese PDF-Datei lässt sich hier nicht anzeigen/);
      expect(
        await page.locator('#m-attachments').getByRole('link', { name: 'Kaputt.pdf herunterladen' }).count(),
      ).toBe(1);
    });
  });

  it('says plainly offline that the preview needs the connection, and the file still saves', async () => {
    const { zip, password } = await sealedZip({
      attachments: [{ filename: 'Befund.pdf', contentType: 'application/pdf', content: await reportPdf() }],
    });
    await withPage(async (page, context) => {
      await context.setOffline(true);
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      await page.getByRole('button', { name: 'Vorschau' }).click();
      await page.getByText('Die Vorschau braucht eine Internetverbindung.', { exact: false }).waitFor();
      expect(await page.locator('iframe.preview-pdf').count()).toBe(0);
      const saved = await downloadAttachment(page, 'Befund.pdf');
      expect(saved.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
});

describe('the HTML body frame', () => {
  const tall = Array.from({ length: 60 }, (_, i) => `<p>Absatz ${i + 1} des Befunds.</p>`).join('');
  const smuggled =
    '<img src="data:image/png;base64,AAAA" onerror="document.body.dataset.ran = \'onerror\'">' +
    '<script>document.body.dataset.ran = "script"</script>';

  it('has an opaque origin and still fits a tall message: its sizer runs, allowed by its hash', async () => {
    const { zip, password } = await sealedZip({ html: `<h1>Befund</h1>${tall}` });
    await withPage(async (page) => {
      const violations = recordCspViolations(page);
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      const frame = page.locator('iframe.html-body');
      expect(await frame.getAttribute('sandbox')).toBe(
        'allow-scripts allow-popups allow-popups-to-escape-sandbox',
      );
      await expect.poll(() => page.frameLocator('iframe.html-body').locator('p').count()).toBe(60);
      expect(await frame.evaluate((f: HTMLIFrameElement) => f.contentDocument === null)).toBe(true);
      // 60 paragraphs are far taller than a frame's default 150 px; the sizer told the page.
      await expect.poll(() => frame.evaluate((f) => f.getBoundingClientRect().height)).toBeGreaterThan(1000);
      expect(violations).toEqual([]);
    });
  });

  it('runs none of the scripts and handlers smuggled into the mail', async () => {
    const { zip, password } = await sealedZip({ html: `<p>Befund</p>${smuggled}` });
    await withPage(async (page) => {
      await submitZip(page, zip, password);
      expect(await outcome(page)).toBe('message');
      const body = page.frameLocator('iframe.html-body').locator('body');
      await expect.poll(() => body.locator('p').textContent()).toBe('Befund');
      // The frame's sizer has run by then (the frame's height is set), so scripts do run in it.
      await expect
        .poll(() => page.locator('iframe.html-body').evaluate((f: HTMLElement) => f.style.height))
        .not.toBe('');
      expect(await body.evaluate((b) => b.dataset.ran ?? 'nothing')).toBe('nothing');
      const scripts = page.frameLocator('iframe.html-body').locator('script');
      expect(await scripts.evaluateAll((all) => all.map((s) => s.textContent))).toEqual([SIZER_SCRIPT]);
    });
  });
});
