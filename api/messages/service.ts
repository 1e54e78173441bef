import addressparser from 'nodemailer/lib/addressparser';
import type { Database } from '../../db/client';
import type { Config } from '../config';
import type { DeliveryWorker } from '../delivery/worker';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { Outbox } from '../outbox/outbox';
import { rawHeaderList } from '../seal/raw-header';
import type { Language } from '../seal/types';
import type { Sealer } from '../seal-pool/index';
import type { SecretBox } from '../secrets/secret-box';
import { type MailRecipient, RecipientError, splitRecipients } from './recipients';
import { resendSms } from './resend';
import type { MessageView, SendRequestBody, SentView } from './schemas';
import { resendMail } from './sealed-copies';
import { type Sender, sendMessage, sha256Hex } from './send';
import { getMessage, listMessages } from './views';

// Messaging as the doors see it (HTTP routes, SMTP gateway): sending and the message history. Built
// once by the composition root (api/context.ts) from the parts it made: secrets, outbox, worker.

/** A mail about a message that is not the sealed message itself (the gateway's receipt). */
export interface OtherMail {
  raw: Uint8Array;
  envelope: { from: string; to: string[] };
}

export interface Messaging {
  /** POST /v1/messages. */
  sendFromApi(
    sender: Sender,
    body: SendRequestBody,
    idempotencyKey?: string,
  ): Promise<SentView & { replayed: boolean }>;
  /** The SMTP gateway: raw bytes and the envelope's RCPT TO (…@sms.local included). Does not wait for delivery. */
  sendRaw(
    sender: Sender,
    raw: Uint8Array,
    rcptTo: string[],
    options?: { language?: Language },
  ): Promise<SentView>;
  get(accountId: string, id: string): Promise<MessageView | undefined>;
  list(
    accountId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ messages: MessageView[]; nextCursor: string | null }>;
  /**
   * Queues a receipt about a stored message and starts its first attempt without waiting. It goes
   * out like every other mail (outbox, retries, survives a restart) and hangs on the message, so
   * deleting the message deletes an undelivered receipt with it.
   */
  queueReceipt(messageId: string, mail: OtherMail): Promise<void>;
  /** A password SMS sent again: the same password to the same phone, as a new SMS (api/messages/resend.ts). */
  resendSms(sender: Sender, messageId: string, smsId: string): Promise<MessageView>;
  /** The same sealed mail sent again to the same envelope (api/messages/sealed-copies.ts). */
  resendMail(sender: Sender, messageId: string): Promise<MessageView>;
}

export interface MessagingDeps {
  config: Config;
  db: Database;
  log: Logger;
  now: () => Date;
  secrets: SecretBox;
  outbox: Outbox;
  worker: Pick<DeliveryWorker, 'deliverNow'>;
  sealer: Sealer;
  /** How long POST /v1/messages waits for the first attempt before answering `queued`. */
  firstAttemptWaitMs: number;
}

function invalid(err: RecipientError): AppError {
  return new AppError('invalid', 'The request is not valid.', { errors: err.errors });
}

/**
 * Header To/Cc of a raw message decide the kind; everyone else in the envelope is Bcc. Only the
 * header block is read (api/seal/raw-header.ts, addresses by nodemailer's addressparser, as
 * mailparser reads them): the body does not decide, and a body no parser can take (a MIME bomb of
 * 2,000 nested multiparts) is sealed verbatim like any other unparseable input instead of failing
 * the submission. The message itself is parsed once, by seal().
 */
function kindsFromHeader(raw: Uint8Array, addresses: string[]): MailRecipient[] {
  const listed = (field: string) =>
    new Set(
      rawHeaderList(raw)
        .filter(([name]) => name === field)
        .flatMap(([, value]) => addressparser(value, { flatten: true }))
        .map((a) => ('address' in a && a.address ? a.address.toLowerCase() : '')),
    );
  const to = listed('to');
  const cc = listed('cc');
  return addresses.map((address) => {
    const key = address.toLowerCase();
    return { address, kind: to.has(key) ? 'to' : cc.has(key) ? 'cc' : 'bcc' };
  });
}

export function createMessaging(deps: MessagingDeps): Messaging {
  const { config, db, log, now, secrets, outbox, worker, sealer } = deps;
  const sendDeps = {
    db,
    sealer,
    secrets,
    outbox,
    worker,
    log,
    now,
    mailFrom: config.mailFrom,
    publicUrl: config.publicUrl,
    firstAttemptWaitMs: deps.firstAttemptWaitMs,
    limits: config.limits,
  };

  return {
    async sendFromApi(sender, body, idempotencyKey) {
      let split: ReturnType<typeof splitRecipients>;
      try {
        split = splitRecipients(body, config.limits.smsCountries);
      } catch (err) {
        if (err instanceof RecipientError) throw invalid(err);
        throw err;
      }
      const attachments = body.attachments.map((a) => ({ ...a, content: Buffer.from(a.content, 'base64') }));
      const total = attachments.reduce((n, a) => n + a.content.length, 0);
      if (total > config.maxAttachmentBytes) {
        throw new AppError(
          'payload_too_large',
          `The attachments add up to ${total} bytes; at most ${config.maxAttachmentBytes} are accepted.`,
        );
      }
      return sendMessage(sendDeps, {
        sender,
        source: 'api',
        input: {
          draft: {
            from: { name: sender.name ?? undefined, address: sender.email },
            to: split.mail.filter((r) => r.kind === 'to').map((r) => r.address),
            cc: split.mail.filter((r) => r.kind === 'cc').map((r) => r.address),
            subject: body.subject,
            text: body.text,
            html: body.html,
            attachments,
            date: now(),
          },
        },
        recipients: split.mail,
        phones: split.phones,
        options: body.options,
        idempotency: idempotencyKey
          ? { key: idempotencyKey, requestSha256: sha256Hex(JSON.stringify(body)) }
          : undefined,
        wait: true,
      });
    },
    async sendRaw(sender, raw, rcptTo, rawOptions = {}) {
      let split: ReturnType<typeof splitRecipients>;
      try {
        split = splitRecipients({ to: rcptTo }, config.limits.smsCountries);
      } catch (err) {
        if (!(err instanceof RecipientError)) throw err;
        throw invalid(
          new RecipientError(err.errors.map((e) => ({ ...e, path: e.path.replace(/^to/, 'rcptTo') }))),
        );
      }
      const { phones } = split;
      const addresses = split.mail.map((r) => r.address);
      if (phones.length > 0 && sender.plan === 'free') {
        throw new AppError('forbidden', 'Sending the password by SMS needs a paid plan; nothing was sent.');
      }
      const answer = await sendMessage(sendDeps, {
        sender,
        source: 'gateway',
        input: { raw },
        recipients: kindsFromHeader(raw, addresses),
        phones,
        options: {
          zip: 'aes256',
          language: rawOptions.language ?? 'de',
          subjectInClear: false,
          includeOriginal: false,
        },
        wait: false,
      });
      return answer;
    },
    resendSms: (sender, messageId, smsId) => resendSms(sendDeps, sender, messageId, smsId),
    resendMail: (sender, messageId) => resendMail(sendDeps, sender, messageId),
    get: (accountId, id) => getMessage(db, secrets, accountId, id),
    list: (accountId, page) => listMessages(db, secrets, accountId, page),
    async queueReceipt(messageId, mail) {
      const [id] = await outbox.enqueue(
        db,
        [{ kind: 'receipt', messageId, sealed: mail.raw, from: mail.envelope.from, to: mail.envelope.to }],
        now(),
      );
      worker.deliverNow(id ? [id] : []).catch((err: unknown) => {
        log.warn({ messageId, err }, 'first receipt delivery attempt failed to run');
      });
    },
  };
}
