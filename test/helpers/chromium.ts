import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

// The one way browser tests start Chromium: Debian's build driven by playwright-core (it cannot
// download its own here), with the flags this closed network needs. A missing Chromium fails the
// test and says what to install.
//
// One Chromium process serves the files a vitest worker runs one after another (they share its
// module cache, vitest.config.ts): starting it cost ~0.75 s of CPU a file. Each file gets a handle
// of its own: its contexts are its own profiles (cookies, storage, service workers), and its close()
// closes them, not Chromium. Playwright ends the browser when the worker process exits; one that
// crashed or was closed is started again for the next file.

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let running: Promise<Browser> | undefined;

async function start(): Promise<Browser> {
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

async function sharedBrowser(): Promise<Browser> {
  const current = running && (await running.catch(() => undefined));
  if (current?.isConnected()) return current;
  running = start();
  running.catch(() => {
    running = undefined;
  });
  return running;
}

/** Chromium for one test file: newContext/newPage as usual; close() closes what this handle opened. */
export async function launchChromium(): Promise<Browser> {
  const browser = await sharedBrowser();
  const opened = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    opened.add(context);
    context.once('close', () => opened.delete(context));
    return context;
  };
  const handle: Pick<Browser, 'newContext' | 'newPage' | 'close' | 'contexts'> = {
    newContext: async (options) => track(await browser.newContext(options)),
    // As Browser#newPage: the page comes with a context of its own, closed with the page.
    newPage: async (options) => {
      const context = track(await browser.newContext(options));
      const page = await context.newPage();
      page.once('close', () => void context.close().catch(() => {}));
      return page;
    },
    close: async () => {
      await Promise.all([...opened].map((context) => context.close()));
    },
    contexts: () => [...opened],
  };
  return new Proxy(browser, {
    get(target, property) {
      if (Object.hasOwn(handle, property)) return handle[property as keyof typeof handle];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
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
