import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { build } from '../../addin/build';
import { createAccount } from '../../api/accounts/accounts';
import { loadConfig } from '../../api/config';
import { createMailTransport } from '../../api/delivery/create-transport';
import { addinRoutes } from '../../api/http/routes/addin';
import { securityHeaders } from '../../api/http/security-headers';
import { createSmsSender } from '../../api/sms/create-sender';
import { createTestApp, type TestApp } from './app';
import { type SmtpSink, startSmtpSink } from './smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from './twilio-stand-in';

// The service as the Outlook pane meets it: the add-in freshly built (into a temp dir, so test
// files running side by side never rebuild under each other's feet; /addin/* is answered from it
// and everything else by the real app), the HTTP app on a fresh test database listening on an
// ephemeral port, mail going to a local SMTP sink and SMS
// to the Twilio stand-in, and one paid account to sign in with.

const repo = path.resolve(import.meta.dirname, '../..');

export const paneAccount = { email: 'praxis@example.org', password: 'korrekt-Pferd-Batterie' };

export interface AddinService {
  t: TestApp;
  url: string;
  sink: SmtpSink;
  twilio: TwilioStandIn;
  /** Another listener on the same app (to stop it independently). */
  listen(): Promise<{ url: string; stop(): Promise<void> }>;
  close(): Promise<void>;
}

async function listenOn(fetch: (req: Request, env: unknown) => Response | Promise<Response>) {
  const server: ServerType = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

export async function startAddinService(
  options: { maxAttachmentBytes?: number } = {},
): Promise<AddinService> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'addin-service-'));
  await build({ root: repo, outDir: path.join(dataDir, 'dist') });
  const sink = await startSmtpSink();
  const twilio = await startTwilioStandIn();
  const config = loadConfig({
    DATA_DIR: dataDir,
    SMTP_URL: sink.url,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+4915100000000',
    TWILIO_API_BASE_URL: twilio.baseUrl,
    MASTER_KEY: randomBytes(32).toString('base64'),
    MAX_ATTACHMENT_BYTES: String(options.maxAttachmentBytes ?? 25 * 1024 * 1024),
    LOG_LEVEL: 'debug',
  });
  // The pane compares the session's expiry with the browser's clock, so the service uses real time.
  const t = await createTestApp({
    config,
    now: () => new Date(),
    transport: createMailTransport(config),
    sms: createSmsSender(config),
  });
  await createAccount(t.deps.db, { ...paneAccount, plan: 'paid' });
  const front = new Hono();
  // The pane from this test's own build, with the headers the app puts on every answer.
  front.use(securityHeaders({ publicUrl: config.publicUrl }));
  front.route('/', addinRoutes({ publicUrl: config.publicUrl, distDir: path.join(dataDir, 'dist/addin') }));
  front.all('*', (c) => t.app.fetch(c.req.raw, c.env));
  const main = await listenOn(front.fetch);
  return {
    t,
    url: main.url,
    sink,
    twilio,
    listen: () => listenOn(front.fetch),
    async close() {
      await main.stop();
      await t.close();
      await sink.close();
      await twilio.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
