import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { clientKey } from '../accounts/lockout';
import { type Logger, withoutQueryParams } from '../log';
import { replyFor, SmtpReply } from './replies';

// SMTP submission (RFC 6409) in front of the one send path: it logs the user in, takes the message
// and hands the raw bytes plus the envelope on. The reply to DATA is written only after `submit`
// resolved, i.e. after the message is stored: 250 means it will be delivered (the Postfix promise).

export interface SubmissionEnvelope {
  /** MAIL FROM as given by the client ('' for the null sender). */
  mailFrom: string;
  /** RCPT TO addresses in order, …@sms.local ones included: the send path splits them. */
  rcptTo: string[];
}

export interface GatewayOptions<A> {
  log: Logger;
  /** Resolves the account, or throws (AppError codes are translated by ./replies). */
  authenticate(username: string, password: string, remoteIp: string): Promise<A>;
  /** Seals, stores and queues one message; resolves once it is stored durably. */
  submit(account: A, raw: Buffer, envelope: SubmissionEnvelope): Promise<{ id: string }>;
  /** Throws (an AppError, translated by ./replies) when the account may not use this MAIL FROM. */
  checkMailFrom?(account: A, address: string): void;
  /** Largest message accepted, in bytes: announced with SIZE (RFC 1870), larger ones get 552. */
  maxSize: number;
  /** Key and certificate (PEM): enables STARTTLS, or TLS from the first byte with `implicitTls`. */
  tls?: { key: Buffer; cert: Buffer; implicitTls?: boolean };
  /** Name in the greeting and EHLO reply. */
  hostname?: string;
  /**
   * Abuse limits (api/limits/config.ts): connections at once, per address and minute, recipients.
   * `serve` passes the configured ones; without, 100 at once and 50 recipients, no rate limit.
   */
  limits?: GatewayLimits;
}

export interface GatewayLimits {
  /** Connections served at once; one more is answered 421 and closed. */
  maxClients: number;
  /** New connections one client address may open per minute (Infinity: no limit). */
  connectionsPerMinute: number;
  /** RCPT TO commands per message; the next is answered 452 4.5.3. */
  recipientsPerMessage: number;
}

export const defaultGatewayLimits: GatewayLimits = {
  maxClients: 100,
  connectionsPerMinute: Number.POSITIVE_INFINITY,
  recipientsPerMessage: 50,
};

/**
 * Connections per client address in the last minute, in this process (a connection flood hits one
 * instance; the quotas that must hold across instances are counted in the database). IPv6 counts
 * per /64 like the login lock.
 */
function connectionRate(perMinute: number, now: () => number = Date.now) {
  const seen = new Map<string, number[]>();
  return (ip: string): boolean => {
    const t = now();
    const key = clientKey(ip);
    const recent = (seen.get(key) ?? []).filter((at) => t - at < 60_000);
    if (recent.length >= perMinute) {
      seen.set(key, recent);
      return false;
    }
    recent.push(t);
    seen.set(key, recent);
    // Keep the map the size of the last minute's clients.
    if (seen.size > 10_000) {
      for (const [k, times] of seen) if (times.every((at) => t - at >= 60_000)) seen.delete(k);
    }
    return true;
  };
}

export interface Gateway {
  /** Starts listening; port 0 picks a free one. Resolves with the port it listens on. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

const loopback = /^(127\.|::1$|::ffff:127\.)/;

export function isLoopback(ip: string): boolean {
  return loopback.test(ip);
}

/**
 * What of an unexpected error goes into the log: name, code and message, the latter without
 * drizzle's query parameters (they can hold a receipt's password or sealed bytes); never its other
 * fields.
 */
export function errorSummary(err: unknown): { name: string; code?: unknown; message: string } {
  const clean = withoutQueryParams(err);
  if (!(clean instanceof Error)) return { name: typeof err, message: 'non-error thrown' };
  return { name: clean.name, code: (clean as NodeJS.ErrnoException).code, message: clean.message };
}

/**
 * The message bytes, or undefined once it is over the size limit (the rest is read and dropped, so
 * a client cannot fill the memory). Throws when the client goes away before the final dot: then
 * nothing is stored or sent.
 */
async function collect(stream: SMTPServerDataStream): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    if (stream.sizeExceeded) chunks.length = 0;
    else chunks.push(chunk as Buffer);
  }
  return stream.sizeExceeded ? undefined : Buffer.concat(chunks);
}

export function createGateway<A extends { id: string }>(options: GatewayOptions<A>): Gateway {
  const { log } = options;
  const limits = options.limits ?? defaultGatewayLimits;
  const admitConnection = connectionRate(limits.connectionsPerMinute);
  const accounts = new WeakMap<SMTPServerSession, A>();
  // smtp-server keeps `session.user` as the marker of a logged-in session; the account object
  // itself stays in our own map so nothing of it reaches smtp-server's logging.
  const sessionAccount = (session: SMTPServerSession): A | undefined => accounts.get(session);

  const server = new SMTPServer({
    name: options.hostname,
    banner: 'vertraulich submission: every message is sealed',
    secure: options.tls?.implicitTls === true,
    key: options.tls?.key,
    cert: options.tls?.cert,
    // Without a certificate there is no STARTTLS at all (smtp-server's built-in one has a public key).
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    // AUTH is checked in onAuth: over TLS from anywhere, in clear only from loopback.
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authRequiredMessage: '5.7.0 Authentication required: log in with your vertraulich account',
    size: options.maxSize,
    // One more than this is answered 421 4.7.0 and closed by smtp-server itself.
    maxClients: limits.maxClients,
    disableReverseLookup: true,
    logger: false,
    hideDSN: true,
    closeTimeout: 5_000,

    onConnect(session, callback) {
      if (admitConnection(session.remoteAddress)) {
        callback();
        return;
      }
      log.info({ session: session.id, ip: session.remoteAddress }, 'smtp connection refused: rate');
      callback(new SmtpReply(421, '4.7.0 Too many connections from your address; try again in a minute'));
    },

    onMailFrom(address, session, callback) {
      // Refused at once (RFC 6409 §6.1), before the client sends a message that would be refused anyway.
      const account = sessionAccount(session);
      try {
        if (account) options.checkMailFrom?.(account, address.address);
      } catch (err) {
        callback(replyFor(err).reply);
        return;
      }
      callback();
    },

    onRcptTo(_address, session, callback) {
      // RFC 5321 §4.5.3.1.10: 452 for too many recipients; the client sends the rest in another message.
      if (session.envelope.rcptTo.length >= limits.recipientsPerMessage) {
        callback(
          new SmtpReply(
            452,
            `4.5.3 Too many recipients: at most ${limits.recipientsPerMessage} per message (mail and phones together)`,
          ),
        );
        return;
      }
      callback();
    },

    onAuth(auth, session, callback) {
      if (!session.secure && !isLoopback(session.remoteAddress)) {
        // RFC 4954 §4 / RFC 3207: no credentials over an unencrypted connection from outside.
        callback(new SmtpReply(538, '5.7.11 Encryption required: use STARTTLS before AUTH'));
        return;
      }
      options
        .authenticate(auth.username ?? '', auth.password ?? '', session.remoteAddress)
        .then((account) => {
          accounts.set(session, account);
          log.info({ session: session.id, ip: session.remoteAddress, account: account.id }, 'smtp login');
          callback(null, { user: account.id });
        })
        .catch((err: unknown) => {
          const { reply, expected } = replyFor(err);
          const entry = { session: session.id, ip: session.remoteAddress, reply: reply.responseCode };
          if (expected) {
            log.info(entry, 'smtp login refused');
            callback(reply);
            return;
          }
          // RFC 4954 §6: a temporary failure during AUTH (e.g. the database is down) is 454 4.7.0.
          log.error({ ...entry, reply: 454, err: errorSummary(err) }, 'smtp login failed unexpectedly');
          callback(new SmtpReply(454, '4.7.0 Temporary authentication failure, please try again later'));
        });
    },

    onData(stream, session, callback) {
      receive(stream, session)
        .then((id) => callback(null, `2.0.0 Ok: queued as ${id}`))
        .catch((err: unknown) => callback(err instanceof SmtpReply ? err : replyFor(err).reply));
    },
  });

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const account = sessionAccount(session);
    if (!account) throw new SmtpReply(530, '5.7.0 Authentication required');
    const raw = await collect(stream);
    // smtp-server answers 552 by itself for an oversized message; never store one.
    if (raw === undefined) throw new SmtpReply(552, '5.3.4 Message too big for this service');
    const envelope: SubmissionEnvelope = {
      mailFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
    };
    const entry = {
      session: session.id,
      account: account.id,
      bytes: raw.length,
      rcpts: envelope.rcptTo.length,
    };
    try {
      const { id } = await options.submit(account, raw, envelope);
      log.info({ ...entry, message: id }, 'smtp message accepted');
      return id;
    } catch (err) {
      const { reply, expected } = replyFor(err);
      if (expected) log.info({ ...entry, reply: reply.responseCode }, 'smtp message refused');
      else log.error({ ...entry, err: errorSummary(err) }, 'smtp message failed unexpectedly');
      throw reply;
    }
  }

  server.on('error', (err) => log.warn({ err }, 'smtp connection error'));

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.server.once('error', onError);
        server.listen(port, host, () => {
          server.server.off('error', onError);
          const address = server.server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
