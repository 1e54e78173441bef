import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

// A real SMTP server (smtp-server) that stands in for the relay in tests: it captures each
// transaction's envelope and raw bytes, can be told to answer with a given reply code, and can be
// stopped and started again on the same port to simulate an outage.

export interface SinkMessage {
  /** Envelope MAIL FROM. */
  from: string;
  /** Envelope RCPT TO, in order. */
  to: string[];
  /** The message bytes as received (DATA). */
  raw: Buffer;
  /** The user name given with AUTH, if any. */
  user: string | undefined;
}

export type SinkStage = 'mail' | 'rcpt' | 'data';

export interface SmtpSink {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>` (any user/password is accepted when given). */
  readonly url: string;
  readonly messages: SinkMessage[];
  /**
   * Answer every following transaction at `stage` (default 'rcpt') with `code` (e.g. 451 or 550);
   * with `recipients`, only RCPT TO of those addresses is refused.
   */
  reject(code: number, options?: { stage?: SinkStage; message?: string; recipients?: string[] }): void;
  /** Accept mail again after `reject`. */
  accept(): void;
  /** Stop listening (connections are refused) but keep the port and the captured messages. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  /** Resolves once at least `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SinkMessage[]>;
  close(): Promise<void>;
}

interface Rejection {
  code: number;
  stage: SinkStage;
  message: string;
  recipients: string[] | undefined;
}

function smtpError(r: Rejection): Error {
  const err = new Error(r.message) as Error & { responseCode: number };
  err.responseCode = r.code;
  return err;
}

function addr(a: SMTPServerAddress | false): string {
  return a ? a.address : '';
}

export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiters = new Set<() => void>();
  let rejection: Rejection | undefined;
  let server: SMTPServer | undefined;
  let port = options.port ?? 0;

  const rejectAt = (stage: SinkStage, address?: string): Error | null => {
    if (!rejection || rejection.stage !== stage) return null;
    const only = rejection.recipients?.map((r) => r.toLowerCase());
    if (only && !(address && only.includes(address.toLowerCase()))) return null;
    return smtpError(rejection);
  };

  const create = (): SMTPServer =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      disableReverseLookup: true,
      closeTimeout: 50,
      size: 100 * 1024 * 1024,
      logger: false,
      onAuth(auth, _session, cb) {
        cb(null, { user: auth.username ?? 'anonymous' });
      },
      onMailFrom(_address, _session, cb) {
        cb(rejectAt('mail'));
      },
      onRcptTo(address, _session, cb) {
        cb(rejectAt('rcpt', address.address));
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const err = rejectAt('data');
          if (err) return cb(err);
          messages.push({
            from: addr(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks),
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          for (const w of waiters) w();
          cb(null);
        });
      },
    });

  const start = async (): Promise<void> => {
    if (server) return;
    const s = create();
    s.on('error', () => {
      // Connection resets from clients are expected in outage tests; nothing to report.
    });
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.server.off('error', reject);
        resolve();
      });
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };

  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await start();

  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    messages,
    reject(code, opts = {}) {
      rejection = {
        code,
        stage: opts.stage ?? 'rcpt',
        message: opts.message ?? `rejected by test (${code})`,
        recipients: opts.recipients,
      };
    },
    accept() {
      rejection = undefined;
    },
    stop,
    start,
    waitFor(count, timeoutMs = 20_000) {
      return new Promise<SinkMessage[]>((resolve, reject) => {
        const check = (): boolean => {
          if (messages.length < count) return false;
          clearTimeout(timer);
          waiters.delete(onMessage);
          resolve(messages.slice());
          return true;
        };
        const onMessage = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(onMessage);
          reject(new Error(`smtp sink: expected ${count} message(s), got ${messages.length}`));
        }, timeoutMs);
        if (!check()) waiters.add(onMessage);
      });
    },
    close: stop,
  };
}
