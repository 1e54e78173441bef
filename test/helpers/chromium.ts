import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

// The one way browser tests start Chromium: Debian's build driven by playwright-core (it cannot
// download its own here), with the flags this closed network needs. A missing Chromium fails the
// test and says what to install.

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`missing tool: chromium at ${executablePath} (apt-get install chromium)`);
  }
  try {
    return await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
      ],
    });
  } catch (err) {
    throw new Error(`chromium could not be started from ${executablePath}: ${(err as Error).message}`);
  }
}

/**
 * `expect.poll` on what a page shows that follows its server by asking every `tickMs` (the delivery
 * lines ask every 3 s, ui/core/delivery-live.ts): before each look the page's clock (installed with
 * `page.clock.install()` before the page loaded; it runs on as usual otherwise) jumps `tickMs` on,
 * so the page asks again now instead of the test waiting out its timer.
 */
export function pollAcrossTicks<T>(page: Page, read: () => Promise<T>, tickMs = 3_000) {
  return expect.poll(
    async () => {
      await page.clock.fastForward(tickMs);
      return read();
    },
    { timeout: 20_000 },
  );
}
