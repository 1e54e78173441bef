import { createHash } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import type { Database } from '../../db/client';
import type { Plan } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import type { MessageSource } from '../../db/schema/messages';
import type { DeliveryWorker } from '../delivery/worker';
import { AppError } from '../errors';
import type { SealRequest } from '../i18n/seal-texts';
import type { LimitsConfig } from '../limits/config';
import { type Admission, admitSend } from '../limits/quota';
import type { Logger } from '../log';
import type { Outbox } from '../outbox/outbox';
import { SealInputError } from '../seal/index';
import type { Language, SealInput, SealResult } from '../seal/types';
import type { Sealer } from '../seal-pool/index';
import type { SecretBox } from '../secrets/secret-box';
import { findByIdempotencyKey, IdempotencyClash, queueMessage } from './queue';
import type { MailRecipient } from './recipients';
import type { SentView } from './schemas';
import { getMessage, sentState, sentView } from './views';
import { waitAtMost } from './wait';

// The one send path: API and SMTP gateway alike end here. Checks what must be refused before
// anything is sealed (SMS on the free plan), seals, stores message and outbox in one transaction,
// then makes the first delivery attempt and waits for it a few seconds, so a healthy relay answers
// `sent`; otherwise `queued`, and the worker carries on.

export interface SendDeps {
  db: Database;
  /** Seals off the event loop (api/seal-pool); refuses with 'unavailable' when too many wait. */
  sealer: Sealer;
  secrets: SecretBox;
  outbox: Outbox;
  worker: Pick<DeliveryWorker, 'deliverNow'>;
  log: Logger;
  now: () => Date;
  mailFrom: string;
  publicUrl: string;
  /** How long a request waits for the first attempt before answering `queued`. */
  firstAttemptWaitMs: number;
  limits: LimitsConfig;
}

export interface Sender {
  id: string;
  email: string;
  name: string | null;
  plan: Plan;
}

export interface SendCommand {
  sender: Sender;
  source: MessageSource;
  input: SealInput;
  recipients: MailRecipient[];
  phones: string[];
  options: Required<Pick<SealRequest, 'zip' | 'language' | 'subjectInClear' | 'includeOriginal'>>;
  /** The Idempotency-Key and a hash of the request it came with. */
  idempotency?: { key: string; requestSha256: string };
  /** Wait for the first attempt (API) or only start it (gateway: its reply must not wait on the relay). */
  wait: boolean;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function envelopeAddress(mailFrom: string): string {
  const [first] = addressparser(mailFrom);
  return first && 'address' in first && first.address ? first.address : 'noreply@localhost';
}

async function storedAnswer(
  deps: SendDeps,
  cmd: SendCommand,
  claim: { messageId: string; requestSha256: string },
) {
  if (cmd.idempotency && claim.requestSha256 !== cmd.idempotency.requestSha256) {
    throw new AppError('conflict', 'This Idempotency-Key was already used for a different request.');
  }
  const stored = await getMessage(deps.db, deps.secrets, cmd.sender.id, claim.messageId);
  if (!stored) throw new AppError('conflict', 'This Idempotency-Key belongs to a message that is gone.');
  return sentView(stored);
}

export async function sendMessage(
  deps: SendDeps,
  cmd: SendCommand,
): Promise<SentView & { replayed: boolean }> {
  // Abuse limits first (api/limits/quota.ts): a proven, unsuspended account within its recipient
  // limit and quotas holds a place until its message is stored. A replay sends nothing: it is free.
  const replay = cmd.idempotency && (await findByIdempotencyKey(deps.db, cmd.sender.id, cmd.idempotency.key));
  if (replay) {
    refuseSmsOnFreePlan(cmd);
    return { ...(await storedAnswer(deps, cmd, replay)), replayed: true };
  }
  const admission = await admitSend(deps.db, deps.limits, {
    accountId: cmd.sender.id,
    recipients: cmd.recipients.length,
    phones: cmd.phones.length,
    now: deps.now(),
  });
  try {
    return await sendAdmitted(deps, cmd, admission);
  } finally {
    await admission.release();
  }
}

function refuseSmsOnFreePlan(cmd: SendCommand): void {
  if (cmd.phones.length > 0 && cmd.sender.plan === 'free') {
    throw new AppError('forbidden', 'Sending the password by SMS needs a paid plan; nothing was sent.');
  }
}

/**
 * An overlapping request with the same Idempotency-Key is no concern here: of the two, only one
 * stores its message (the key is claimed in the message's statement), the other answers as it did.
 */
async function sendAdmitted(
  deps: SendDeps,
  cmd: SendCommand,
  admission: Admission,
): Promise<SentView & { replayed: boolean }> {
  refuseSmsOnFreePlan(cmd);
  const language: Language = cmd.options.language;
  const senderName = cmd.sender.name?.trim() || cmd.sender.email;
  // Known before sealing: the /open link and the sealed .eml name it, so the recipient can reply.
  const messageId = newId('msg');
  let sealed: SealResult;
  try {
    sealed = await deps.sealer.seal(cmd.input, {
      ...cmd.options,
      mailFrom: deps.mailFrom,
      sender: { name: cmd.sender.name ?? undefined, address: cmd.sender.email },
      // A draft's header recipients are the ones named in the request; a raw message (gateway)
      // keeps the To and Cc of its own header, which the sealing core reads itself.
      ...('draft' in cmd.input
        ? {
            to: cmd.recipients.filter((r) => r.kind === 'to').map((r) => r.address),
            cc: cmd.recipients.filter((r) => r.kind === 'cc').map((r) => r.address),
          }
        : {}),
      publicUrl: deps.publicUrl,
      messageId,
      now: deps.now(),
    });
  } catch (err) {
    if (err instanceof SealInputError) throw new AppError('invalid', err.message);
    throw err;
  }
  const now = deps.now();
  let queued: Awaited<ReturnType<typeof queueMessage>>;
  try {
    queued = await queueMessage(deps.db, deps.secrets, deps.outbox, {
      messageId,
      accountId: cmd.sender.id,
      senderName,
      source: cmd.source,
      sealed,
      language,
      zip: cmd.options.zip,
      recipients: cmd.recipients,
      phones: cmd.phones,
      envelopeFrom: envelopeAddress(deps.mailFrom),
      idempotency: cmd.idempotency,
      reservationId: admission.reservationId,
      now,
    });
    admission.released();
  } catch (err) {
    if (!(err instanceof IdempotencyClash) || !cmd.idempotency) throw err;
    // An overlapping request with the same key committed first: answer as it did, send nothing.
    const claim = await findByIdempotencyKey(deps.db, cmd.sender.id, cmd.idempotency.key);
    if (!claim) throw err;
    return { ...(await storedAnswer(deps, cmd, claim)), replayed: true };
  }
  deps.log.info(
    {
      messageId: queued.messageId,
      accountId: cmd.sender.id,
      source: cmd.source,
      recipients: cmd.recipients.length,
      sms: cmd.phones.length,
    },
    'message stored',
  );
  const first = deps.worker.deliverNow(queued.outboxIds).catch((err: unknown) => {
    deps.log.error({ err, messageId: queued.messageId }, 'first delivery attempt failed to run');
  });
  if (cmd.wait) await waitAtMost(first, deps.firstAttemptWaitMs);
  const view = await sentState(deps.db, {
    id: queued.messageId,
    password: sealed.password,
    sms: cmd.phones.length > 0,
  });
  if (!view) throw new Error('stored message vanished');
  return { ...view, replayed: false };
}
