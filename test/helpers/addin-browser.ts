import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { FakeOfficeConfig } from './addin-fake-office';

// Chromium for the Outlook pane tests: the system's Chromium driven by playwright-core, with the
// Office.js CDN URL answered by the fake Office of addin-fake-office.ts. A missing Chromium fails
// the test and says what to install.

export const OFFICE_CDN_GLOB = 'https://appsforoffice.microsoft.com/**';
export { launchChromium } from './chromium';

let bundled: Promise<string> | undefined;

/** The fake as one browser script that installs itself with `config`. */
export async function fakeOfficeScript(config: FakeOfficeConfig): Promise<string> {
  bundled ??= build({
    entryPoints: [path.join(import.meta.dirname, 'addin-fake-office.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'FakeOffice',
    target: 'es2020',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return `${await bundled}\nFakeOffice.installFakeOffice(${JSON.stringify(config)});\n`;
}

export const defaultDraft: FakeOfficeConfig = {
  displayLanguage: 'de-DE',
  to: [],
  cc: [],
  bcc: [],
  subject: 'Befund',
  html: '<p>Guten Tag, anbei der Befund.</p>',
  attachments: [],
  mailboxVersion: '1.14',
};

/** Opens the pane (or another page of the add-in) at `baseUrl`, 320 px wide, Office faked with `draft`. */
export async function openPane(
  browser: Browser,
  baseUrl: string,
  draft: Partial<FakeOfficeConfig>,
  options: { file?: string; clock?: boolean } = {},
): Promise<Page> {
  const { file = 'pane.html' } = options;
  const context = await browser.newContext({ viewport: { width: 320, height: 900 }, locale: 'de-DE' });
  const page = await context.newPage();
  // The page's clock faked from the start (time runs on), for pollAcrossTicks().
  if (options.clock) await page.clock.install();
  const script = await fakeOfficeScript({ ...defaultDraft, ...draft });
  await page.route(OFFICE_CDN_GLOB, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: script }),
  );
  await page.goto(`${baseUrl}/addin/${file}`);
  return page;
}
