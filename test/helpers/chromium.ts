import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
