import { simpleParser } from 'mailparser';
import type { Database } from '../../db/client';
import type { Config } from '../config';
import { createMailTransport } from '../delivery/create-transport';
import type { MailTransport } from '../delivery/transport';
import { createDeliveryWorker, type DeliveryWorker, type WorkerOptions } from '../delivery/worker';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { Language } from '../seal/types';
import { loadMasterKey } from '../secrets/master-key';
import { createSecretBox, type SecretBox } from '../secrets/secret-box';
import { createSmsSender } from '../sms/create-sender';
import type { SmsSender } from '../sms/sender';
import { type MailRecipient, RecipientError, splitRecipients } from './recipients';
import type { MessageView, SendRequestBody, SentView } from './schemas';
import { type Sender, sendMessage, sha256Hex } from './send';
import { getMessage, listMessages } from './views';

// Messaging as the rest of the service sees it: built once at start-up from the config (relay or
// outbox folder, Twilio or SMS file, master key), handed to the HTTP routes and the SMTP gateway.

export interface Messaging {
  readonly transport: MailTransport;
  readonly sms: SmsSender;
  readonly worker: DeliveryWorker;
  readonly secrets: SecretBox;
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
  /** Stops the worker (waits for attempts in flight) and closes the relay connections. */
  close(): Promise<void>;
}

export interface MessagingDeps {
  config: Config;
  db: Database;
  log: Logger;
  now: () => Date;
  /** Replacements for tests and the benchmark; by default built from the config. */
  transport?: MailTransport;
  sms?: SmsSender;
  worker?: Partial<WorkerOptions>;
  firstAttemptWaitMs?: number;
}

function invalid(err: RecipientError): AppError {
  return new AppError('invalid', 'The request is not valid.', { errors: err.errors });
}

/** Header To/Cc of a raw message decide the kind; everyone else in the envelope is Bcc. */
async function kindsFromHeader(raw: Uint8Array, addresses: string[]): Promise<MailRecipient[]> {
  const parsed = await simpleParser(Buffer.from(raw), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const listed = (field: typeof parsed.to) =>
    new Set(
      (Array.isArray(field) ? field : field ? [field] : [])
        .flatMap((a) => a.value)
        .map((v) => v.address?.toLowerCase() ?? ''),
    );
  const to = listed(parsed.to);
  const cc = listed(parsed.cc);
  return addresses.map((address) => {
    const key = address.toLowerCase();
    return { address, kind: to.has(key) ? 'to' : cc.has(key) ? 'cc' : 'bcc' };
  });
}

export async function createMessaging(deps: MessagingDeps): Promise<Messaging> {
  const { config, db, log, now } = deps;
  const secrets = createSecretBox(await loadMasterKey(config));
  const transport = deps.transport ?? createMailTransport(config);
  const sms = deps.sms ?? createSmsSender(config);
  const worker = createDeliveryWorker({ db, transport, sms, secrets, log, now, options: deps.worker });
  const sendDeps = {
    db,
    secrets,
    worker,
    log,
    now,
    mailFrom: config.mailFrom,
    publicUrl: config.publicUrl,
    firstAttemptWaitMs: deps.firstAttemptWaitMs ?? 5_000,
  };

  return {
    transport,
    sms,
    worker,
    secrets,
    async sendFromApi(sender, body, idempotencyKey) {
      let split: ReturnType<typeof splitRecipients>;
      try {
        split = splitRecipients(body);
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
        split = splitRecipients({ to: rcptTo });
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
        recipients: await kindsFromHeader(raw, addresses),
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
    get: (accountId, id) => getMessage(db, secrets, accountId, id),
    list: (accountId, page) => listMessages(db, secrets, accountId, page),
    async close() {
      await worker.stop();
      await transport.close();
    },
  };
}
