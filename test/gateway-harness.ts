import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAccount } from '../api/accounts/accounts';
import { loadConfig } from '../api/config';
import { closeContext, createContext } from '../api/context';
import { createGateway, type Gateway } from '../api/gateway/gateway';
import { createSubmission } from '../api/gateway/submission';
import { createApp } from '../api/http/app';
import { createLogger } from '../api/log';
import type { MessageView } from '../api/messages/schemas';
import type { Messaging } from '../api/messages/service';
import { createTestDatabase, type TestDatabase } from './helpers/db';
import { requireTool } from './helpers/sealed';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from './helpers/twilio-stand-in';

// The gateway as `serve` wires it (real verifyLogin, real send path, receipt), on a fresh test
// database, with the relay replaced by the SMTP sink and Twilio by its stand-in. The HTTP app on
// the same deps answers GET /v1/messages (the history with the passwords).

export interface GatewayStack {
  port: number;
  sink: SmtpSink;
  twilio: TwilioStandIn;
  database: TestDatabase;
  messaging: Messaging;
  mailFrom: string;
  logs(): string;
  /** A new account; returns its email, password and a session token for the HTTP API. */
  account(plan: 'free' | 'paid', name?: string): Promise<{ email: string; password: string; token: string }>;
  history(token: string): Promise<MessageView[]>;
  /** Takes the database away under the running gateway (an outage). */
  stopDatabase(): Promise<void>;
  close(): Promise<void>;
}

export const GATEWAY_MAX_SIZE = 2 * 1024 * 1024;

/** `env`: more configuration, e.g. lower abuse limits (LIMIT_…), applied as `serve` applies them. */
export async function startGatewayStack(env: Record<string, string> = {}): Promise<GatewayStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vertraulich-gateway-'));
  const sink = await startSmtpSink();
  const twilio = await startTwilioStandIn();
  const database = await createTestDatabase();
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const mailFrom = 'vertraulich <noreply@vertraulich.test>';
  const config = loadConfig({
    DATA_DIR: dataDir,
    // One sealing worker: each takes ~0.5 s of CPU to start, and one is all a test's messages need.
    SEAL_WORKERS: '1',
    SMTP_URL: sink.url,
    MAIL_FROM: mailFrom,
    PUBLIC_URL: 'https://vertraulich.test',
    MASTER_KEY: randomBytes(32).toString('base64'),
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+4915199999999',
    TWILIO_API_BASE_URL: twilio.baseUrl,
    LOG_LEVEL: 'debug',
    ...env,
  });
  const log = createLogger({ level: 'debug', destination });
  const now = () => new Date();
  const db = database.db;
  const context = await createContext({ config, db, log, now });
  const { messaging } = context;
  const app = createApp(context);
  const gateway: Gateway = createGateway({
    log,
    maxSize: GATEWAY_MAX_SIZE,
    limits: {
      maxClients: config.limits.gatewayMaxClients,
      connectionsPerMinute: Number.POSITIVE_INFINITY,
      recipientsPerMessage: config.limits.recipientsPerMessage,
    },
    ...createSubmission({ db, log, now, messaging, mailFrom, publicUrl: config.publicUrl }),
  });
  const port = await gateway.listen(0, '127.0.0.1');
  let n = 0;

  return {
    port,
    sink,
    twilio,
    database,
    messaging,
    mailFrom,
    logs: () => lines.join(''),
    async account(plan, name) {
      n += 1;
      const email = `sender${n}-${randomBytes(3).toString('hex')}@praxis.example`;
      const password = `pw-${randomBytes(9).toString('base64url')}`;
      await createAccount(db, { email, password, plan, name });
      const res = await app.request(
        '/v1/auth/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        },
        { incoming: { socket: { remoteAddress: '192.0.2.9' } } },
      );
      if (res.status !== 200) throw new Error(`login answered ${res.status}`);
      const { token } = (await res.json()) as { token: string };
      return { email, password, token };
    },
    async history(token) {
      const res = await app.request('/v1/messages', { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`GET /v1/messages answered ${res.status}`);
      return ((await res.json()) as { messages: MessageView[] }).messages;
    },
    stopDatabase: () => database.stop(),
    async close() {
      await gateway.close();
      await closeContext(context);
      await database.close();
      await Promise.all([sink.close(), twilio.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs swaks (Debian package swaks); resolves with its exit code and everything it printed. */
export async function swaks(args: string[]): Promise<{ code: number; output: string }> {
  await requireTool('swaks');
  return new Promise((resolve) => {
    execFile('swaks', ['--hide-informational', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

export interface SmtpTalk {
  /** Sends one command line; resolves with the complete reply (all its lines). */
  command(line: string): Promise<string>;
  /** Writes bytes as they are (message data). */
  write(data: string | Buffer): void;
  /** Drops the connection without QUIT. */
  drop(): void;
}

/** A bare SMTP conversation over a socket, for what real clients never do (drop mid-DATA, odd bytes). */
export function smtpTalk(port: number): Promise<SmtpTalk> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffered = '';
    let waiting: ((reply: string) => void) | undefined;
    const complete = () => {
      // The last line of a reply has a space after its code.
      const match = /(?:^|\r\n)\d{3} [^\r\n]*\r\n$/.exec(buffered);
      if (match && waiting) {
        const reply = buffered;
        buffered = '';
        const w = waiting;
        waiting = undefined;
        w(reply);
      }
    };
    const talk: SmtpTalk = {
      command(line) {
        return new Promise((r) => {
          waiting = r;
          socket.write(`${line}\r\n`);
        });
      },
      write: (data) => socket.write(data),
      drop: () => socket.destroy(),
    };
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      complete();
    });
    waiting = () => resolve(talk); // the 220 greeting
  });
}

/** One whole submission over a bare socket (AUTH PLAIN, one recipient, `data` as is); the reply to the final dot. */
export async function submitRaw(
  port: number,
  login: { email: string; password: string },
  rcpt: string,
  data: Buffer,
): Promise<string> {
  const smtp = await smtpTalk(port);
  await smtp.command('EHLO client.example');
  const plain = Buffer.from(`\0${login.email}\0${login.password}`).toString('base64');
  const auth = await smtp.command(`AUTH PLAIN ${plain}`);
  if (!auth.startsWith('235 ')) throw new Error(`AUTH answered ${auth}`);
  await smtp.command(`MAIL FROM:<${login.email}>`);
  await smtp.command(`RCPT TO:<${rcpt}>`);
  const go = await smtp.command('DATA');
  if (!go.startsWith('354 ')) throw new Error(`DATA answered ${go}`);
  smtp.write(data);
  const reply = await smtp.command('.');
  await smtp.command('QUIT');
  return reply;
}
