import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAccount } from '../../api/accounts/accounts';
import { createApiKey } from '../../api/accounts/api-keys';
import { loadConfig } from '../../api/config';
import { createMailTransport } from '../../api/delivery/create-transport';
import type { WorkerOptions } from '../../api/delivery/worker';
import type { Messaging } from '../../api/messages/service';
import { createSmsSender } from '../../api/sms/create-sender';
import { createTestApp, type TestApp } from './app';
import { type SmtpSink, startSmtpSink } from './smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from './twilio-stand-in';

// The HTTP app wired to a real SMTP relay (smtp-sink) and the Twilio stand-in through the real
// twilio client, on a fresh test database: what the message API tests post against.

export interface MessagesTestApp extends TestApp {
  sink: SmtpSink;
  twilio: TwilioStandIn;
  messaging: Messaging;
  dataDir: string;
  /** A new account with an API key. */
  account(plan: 'free' | 'paid', name?: string): Promise<{ id: string; email: string; apiKey: string }>;
}

let counter = 0;

export async function createMessagesTestApp(
  options: {
    worker?: Partial<WorkerOptions>;
    firstAttemptWaitMs?: number;
    realClock?: boolean;
    /** More environment for the config, e.g. a low LIMIT_SMS_PER_DAY. */
    env?: Record<string, string>;
  } = {},
): Promise<MessagesTestApp> {
  const sink = await startSmtpSink();
  const twilio = await startTwilioStandIn();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vertraulich-messages-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SMTP_URL: sink.url,
    MAIL_FROM: 'vertraulich <noreply@vertraulich.test>',
    PUBLIC_URL: 'https://vertraulich.test',
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: twilio.baseUrl,
    MAX_ATTACHMENT_BYTES: String(1024 * 1024),
    ...options.env,
  });

  // The relay and Twilio's API as `serve` reaches them: real clients to the sink and the stand-in.
  const t = await createTestApp({
    config,
    now: options.realClock ? () => new Date() : undefined,
    transport: createMailTransport(config),
    sms: createSmsSender(config),
    worker: options.worker,
    firstAttemptWaitMs: options.firstAttemptWaitMs,
  });
  // Delivery reports from the stand-in reach the app in-process, as Twilio would post them.
  twilio.postReportsWith((url, init) =>
    t.request(new URL(url).pathname, {
      ...init,
      body: typeof init.body === 'string' ? init.body : undefined,
    }),
  );
  const { messaging } = t.deps;
  return {
    ...t,
    sink,
    twilio,
    messaging,
    dataDir,
    async account(plan, name = 'Dr. Anna Müller') {
      counter += 1;
      const email = `sender${counter}-${process.pid}@example.org`;
      const acc = await createAccount(t.database.db, { email, name, plan });
      const key = await createApiKey(t.database.db, acc.id, 'test', t.deps.now());
      return { id: acc.id, email, apiKey: key.apiKey };
    },
    async close() {
      await t.close();
      await sink.close();
      await twilio.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
