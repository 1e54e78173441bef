import { z } from 'zod';
import type { OutboxRow } from '../../db/schema/outbox';

// What an outbox row asks for, one shape per kind of job (a discriminated union on `kind`). The
// payload column is JSON, so a row is checked with zod when it is read: a row that no longer fits
// (a bug, a hand-edited database) is parked with the reason instead of being sent half-understood.
//
//   mail     the sealed message; its delivery sets the recipients' status
//   receipt  another mail about the message (the gateway's receipt to the sender), delivered like
//            mail but without touching any recipient's status (the sender may be a recipient too)
//   sms      one password SMS; the text is sealed under the master key (it carries the password)
//   account  a mail about an account, not a message (a sign-up's confirmation link): no message

const mailPayload = z.object({ from: z.string(), to: z.array(z.string().min(1)).min(1) }).strict();
const smsPayload = z
  .object({ smsId: z.string().min(1), to: z.string().min(1), bodyEnc: z.string().min(1) })
  .strict();

export const payloadSchemas = {
  mail: mailPayload,
  receipt: mailPayload,
  account: mailPayload,
  sms: smsPayload,
} as const;

export type MailPayload = z.infer<typeof mailPayload>;
export type SmsPayload = z.infer<typeof smsPayload>;

/** A job to enqueue. */
export type NewJob =
  | ({
      kind: 'mail' | 'receipt' | 'account';
      id?: string;
      /** null only for kind 'account'. */
      messageId: string | null;
      sealed: Uint8Array;
    } & MailPayload)
  | ({ kind: 'sms'; id?: string; messageId: string } & SmsPayload);

interface Claimed {
  id: string;
  /** null only for kind 'account'. */
  messageId: string | null;
  /** Attempts so far, this one included. */
  attempts: number;
  createdAt: Date;
}

export type MailJob = Claimed & { kind: 'mail' | 'receipt' | 'account'; sealed: Buffer } & MailPayload;
export type SmsJob = Claimed & { kind: 'sms'; messageId: string } & SmsPayload;
/** A claimed job, as the delivery worker gets it. */
export type Job = MailJob | SmsJob;

export class UnreadableJob extends Error {
  override name = 'UnreadableJob';
}

/** The row as a job; throws UnreadableJob (naming the field, never its content) when it does not fit. */
export function readJob(row: OutboxRow): Job {
  const base = { id: row.id, messageId: row.messageId, attempts: row.attempts, createdAt: row.createdAt };
  const problem = (what: string) => new UnreadableJob(`outbox row ${row.id} (${row.kind}): ${what}`);
  if (row.kind === 'sms') {
    const p = smsPayload.safeParse(row.payload);
    if (!p.success)
      throw problem(`payload ${p.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
    if (!row.messageId) throw problem('no message');
    return { ...base, messageId: row.messageId, kind: 'sms', ...p.data };
  }
  if (row.kind === 'mail' || row.kind === 'receipt' || row.kind === 'account') {
    // Only an account mail stands without a message.
    if ((row.messageId === null) !== (row.kind === 'account')) throw problem('message id');
    const p = mailPayload.safeParse(row.payload);
    if (!p.success)
      throw problem(`payload ${p.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
    if (!row.sealed || row.sealed.length === 0) throw problem('no sealed bytes');
    return { ...base, kind: row.kind, sealed: row.sealed, ...p.data };
  }
  throw problem('unknown kind');
}

/** The payload column's value for a new job, checked like a read one. */
export function payloadOf(job: NewJob): MailPayload | SmsPayload {
  if (job.kind === 'sms') return smsPayload.parse({ smsId: job.smsId, to: job.to, bodyEnc: job.bodyEnc });
  return mailPayload.parse({ from: job.from, to: job.to });
}
