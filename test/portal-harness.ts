import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '../api/config';
import { createLogger } from '../api/log';
import { type RunningServer, startServer } from '../api/server';
import { build } from '../ui/portal/build';
import { launchChromium } from './helpers/chromium';
import { seedPgliteDataDir } from './helpers/db';
import { requireTool } from './helpers/sealed';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';

// The whole service as `serve` runs it (embedded PGlite in a temp DATA_DIR, HTTP and the SMTP gateway on
// free ports, sealed mail relayed to a local SMTP sink), the portal freshly built, and a real Chromium.

const root = path.resolve(import.meta.dirname, '..');

export interface PortalHarness {
  baseUrl: string;
  sink: SmtpSink;
  browser: Browser;
  /** A fresh browser profile (own cookies) showing the portal in `locale`. */
  open(
    locale?: string,
    viewport?: { width: number; height: number },
  ): Promise<{ context: BrowserContext; page: Page }>;
  /** A plain JSON call to the API, as an integrator would make it. */
  api(method: string, url: string, body?: unknown, token?: string): Promise<Response>;
  close(): Promise<void>;
}

/** `env`: settings on top of the defaults, e.g. `{ LIMIT_MESSAGES_PER_DAY_FREE: '1' }`. */
export async function startPortalHarness(env: Record<string, string> = {}): Promise<PortalHarness> {
  await requireTool('chromium');
  await build({ root, outDir: path.join(root, 'dist') });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-portal-'));
  await seedPgliteDataDir(dataDir);
  const sink = await startSmtpSink();
  const config = {
    ...loadConfig({ SEAL_WORKERS: '1', ...env, DATA_DIR: dataDir, SMTP_URL: sink.url, LOG_LEVEL: 'silent' }),
    port: 0,
    smtpGatewayPort: 0,
  };
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer(config, createLogger({ level: 'silent' }));
    const port = /HTTP on https?:\/\/localhost:(\d+)/.exec(server.describe.join('\n'))?.[1];
    if (!port) throw new Error(`cannot find the HTTP port in: ${server.describe.join('; ')}`);
    const baseUrl = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
    const launched = browser;
    const running = server;
    return {
      baseUrl,
      sink,
      browser: launched,
      async open(locale = 'de-DE', viewport = { width: 1000, height: 900 }) {
        const context = await launched.newContext({ locale, viewport, baseURL: baseUrl });
        const page = await context.newPage();
        await page.goto('/');
        return { context, page };
      },
      api(method, url, body, token) {
        const headers: Record<string, string> = {};
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (token) headers.authorization = `Bearer ${token}`;
        return fetch(`${baseUrl}${url}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      },
      async close() {
        await launched.close();
        await running.stop();
        await sink.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.stop();
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
