import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from '../ui/open/build';

// What the /open browser tests share: build the page, serve an app on an ephemeral port, drive real
// Chromium, open a ZIP on the page like a recipient, and record every request the browser makes.

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the page into this checkout's dist/open/ (where the service serves it from). */
export async function buildOpenPage(): Promise<void> {
  await build({ root, outDir: path.join(root, 'dist') });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function serveApp(fetch: (request: Request) => Response | Promise<Response>): Promise<Served> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { launchChromium } from './helpers/chromium';

/**
 * Every request the browser makes from now on (pages, frames, workers, the service worker) that could
 * leave the device: anything but blob: and data: URLs, which the page makes from bytes it holds, and
 * the browser's own chrome:// and chrome-extension:// files (its PDF viewer).
 */
export function recordRequests(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (request) => {
    if (!/^(blob|data|chrome|chrome-extension):/.test(request.url())) {
      seen.push(`${request.method()} ${request.url()}`);
    }
  });
  return seen;
}

/** Console lines in which Chromium reports a Content-Security-Policy violation. */
export function recordCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

/** Loads /open and waits until the service worker runs (its sentence appears on the page). */
export async function loadOpenPage(context: BrowserContext, baseUrl: string, lang = 'de'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/open?lang=${lang}`);
  await page.locator('#offline').waitFor({ state: 'visible' });
  return page;
}

export async function submitZip(page: Page, zip: Uint8Array, password: string, name = 'nachricht.zip') {
  await page.getByLabel(/ZIP-Datei|ZIP file/).setInputFiles({
    name,
    mimeType: 'application/zip',
    buffer: Buffer.from(zip),
  });
  await page.getByLabel(/^2\. (Passwort|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Öffnen|Open)$/ }).click();
}

/** Waits for either the opened message or the error line; returns which came. */
export async function outcome(page: Page): Promise<'message' | 'error'> {
  await page.locator('#message:visible, #error:visible').first().waitFor({ state: 'visible' });
  return (await page.locator('#message').isVisible()) ? 'message' : 'error';
}

/** Clicks the attachment's download button and returns the bytes the browser saved. */
export async function downloadAttachment(page: Page, name: string): Promise<Buffer> {
  const label = new RegExp(`^(${escapeRegExp(name)} herunterladen|Download ${escapeRegExp(name)})$`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: label }).click(),
  ]);
  // Saved under the name the sender gave it, not the neutral ZIP entry's (Anhang-01.pdf).
  if (download.suggestedFilename() !== name) {
    throw new Error(`saved as ${download.suggestedFilename()}, not as ${name}`);
  }
  const file = await download.path();
  const bytes = await readFile(file);
  return bytes;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
