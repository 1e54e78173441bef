import nodemailer from 'nodemailer';
import { isLoopbackHost } from '../loopback';
import { classifySmtpError } from './classify';
import type { MailTransport, RejectedRecipient, SendOutcome } from './transport';

// The relay, through nodemailer's pooled SMTP transport: the sealed bytes go out as they are
// (`raw`), with our own envelope so Bcc recipients stay out of the headers.

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[name] : undefined;
}

function rejectedOf(errors: unknown): RejectedRecipient[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((e: unknown) => ({
    address: String(field(e, 'recipient') ?? ''),
    failure: classifySmtpError(e),
  }));
}

/** `smtp://user:pass@host:port` → `smtp://host:port`, for logs. */
export function describeSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return 'smtp relay';
  }
}

/**
 * The sealed mail is encrypted, but the envelope (who writes to whom) and the relay password are
 * not: `smtp://` to another machine must upgrade with STARTTLS (nodemailer `requireTLS`, refusing a
 * relay that does not offer it) unless SMTP_URL says `?tls=off`; `smtps://` is TLS from the first
 * byte; a relay on this machine (loopback) may speak plain SMTP.
 */
export function relayOptions(url: string): { url: string; requireTLS: boolean } {
  const u = new URL(url);
  const tls = u.searchParams.get('tls');
  u.searchParams.delete('tls');
  const plain = u.protocol === 'smtp:';
  return { url: u.toString(), requireTLS: plain && tls !== 'off' && !isLoopbackHost(u.hostname) };
}

export function createSmtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport({
    ...relayOptions(url),
    pool: true,
    maxConnections: 5,
    // Fail fast while the relay is down; the worker retries with backoff.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    logger: false,
  });
  return {
    description: `SMTP relay ${describeSmtpUrl(url)}`,
    async send(envelope, raw): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          envelope: { from: envelope.from, to: envelope.to },
          raw: Buffer.from(raw),
        });
        return {
          accepted: (info.accepted ?? []).map(String),
          rejected: rejectedOf(field(info, 'rejectedErrors')),
          reference: typeof info.response === 'string' ? info.response.slice(0, 200) : '',
          response: typeof info.response === 'string' ? info.response.slice(0, 500) : undefined,
        };
      } catch (err) {
        const rejected = rejectedOf(field(err, 'rejectedErrors'));
        // Every recipient refused at RCPT: report each with its own reply, so a 4xx one is retried
        // and a 5xx one fails, instead of one verdict for all.
        if (rejected.length > 0 && rejected.length === envelope.to.length) {
          return { accepted: [], rejected, reference: '' };
        }
        throw err;
      }
    },
    async close() {
      transport.close();
    },
  };
}
