import type { Database } from '../../db/client';
import type { OutboxRow } from '../../db/schema/outbox';
import type { Logger } from '../log';
import type { SecretBox } from '../secrets/secret-box';
import { classifyTwilioError } from '../sms/classify';
import type { SmsSender } from '../sms/sender';
import { classifySmtpError, type DeliveryFailure } from './classify';
import { claimDue, nextDue, type RecipientResult, recordMail, recordSms } from './outbox-store';
import { backoffDelay, defaultRetryPolicy, mayRetry, type RetryPolicy } from './policy';
import type { MailTransport } from './transport';

// Delivers the outbox: sealed mail to the relay, SMS to Twilio. It polls for due rows, and is kicked
// by a new message so the sender need not wait for the next poll. `deliverNow` runs the first
// attempt of a new message's rows right away, so POST /v1/messages can answer `sent`.

export interface WorkerOptions extends RetryPolicy {
  /** Rows delivered at the same time. */
  concurrency: number;
  /** Longest sleep between two looks at the outbox. */
  pollMs: number;
  /** How long a claimed row is left alone by others while one attempt runs. */
  leaseMs: number;
}

export const defaultWorkerOptions: WorkerOptions = {
  ...defaultRetryPolicy,
  concurrency: 8,
  pollMs: 2_000,
  leaseMs: 5 * 60_000,
};

export interface WorkerDeps {
  db: Database;
  transport: MailTransport;
  sms: SmsSender;
  secrets: SecretBox;
  log: Logger;
  now?: () => Date;
  options?: Partial<WorkerOptions>;
}

export interface DeliveryWorker {
  start(): void;
  /** Stops polling and waits for attempts in flight (the database stays open). */
  stop(): Promise<void>;
  /** Look at the outbox now. */
  kick(): void;
  /** Makes the first attempt of these rows now; resolves once each was tried (or taken by another). */
  deliverNow(outboxIds: string[]): Promise<void>;
}

export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const opts: WorkerOptions = { ...defaultWorkerOptions, ...deps.options };
  const now = deps.now ?? (() => new Date());
  const log = deps.log.child({ component: 'delivery' });
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  function failureOutcome(row: OutboxRow, f: DeliveryFailure, at: Date): 'final' | Date {
    if (f.kind === 'permanent' || !mayRetry(opts, row.attempts, row.createdAt, at)) return 'final';
    return new Date(at.getTime() + backoffDelay(opts, row.attempts));
  }

  /** The one log line of a failed attempt: ids and the classified reason, never the content. */
  function logFailure(row: OutboxRow, f: DeliveryFailure, verdict: 'final' | Date, msg: string): void {
    log.warn(
      {
        messageId: row.messageId,
        outboxId: row.id,
        attempt: row.attempts,
        reason: f.reason,
        final: verdict === 'final',
      },
      msg,
    );
  }

  async function deliverMail(row: OutboxRow): Promise<void> {
    const envelope = row.envelope ?? { from: '', to: [] };
    const done: RecipientResult[] = [];
    let remaining: string[] = [];
    let lastError: string | undefined;
    let retryAt = now();
    try {
      const out = await deps.transport.send(envelope, row.sealed ?? Buffer.alloc(0));
      const at = now();
      for (const a of out.accepted) done.push({ address: a, status: 'sent', reply: out.response });
      for (const r of out.rejected) {
        const verdict = failureOutcome(row, r.failure, at);
        if (verdict === 'final') {
          done.push({
            address: r.address,
            status: 'failed',
            error: r.failure.reason,
            reply: r.failure.reply,
          });
        } else {
          remaining.push(r.address);
          retryAt = verdict;
          lastError = r.failure.reason;
        }
      }
      log.info(
        {
          messageId: row.messageId,
          outboxId: row.id,
          accepted: out.accepted.length,
          rejected: out.rejected.length,
        },
        'mail delivered',
      );
    } catch (err) {
      const f = classifySmtpError(err);
      const verdict = failureOutcome(row, f, now());
      lastError = f.reason;
      if (verdict === 'final') {
        for (const a of envelope.to)
          done.push({ address: a, status: 'failed', error: f.reason, reply: f.reply });
      } else {
        remaining = envelope.to;
        retryAt = verdict;
      }
      logFailure(row, f, verdict, 'mail delivery failed');
    }
    await recordMail(deps.db, row, { done, remaining, retryAt, lastError, now: now() });
  }

  async function deliverSms(row: OutboxRow): Promise<void> {
    try {
      const body = deps.secrets.decrypt(row.smsBodyEnc ?? '', row.smsId ?? '');
      const to = row.envelope?.to[0] ?? '';
      const out = await deps.sms.send({ to, body });
      await recordSms(deps.db, row, { status: 'sent', providerRef: out.reference, now: now() });
      log.info({ messageId: row.messageId, outboxId: row.id }, 'sms sent');
    } catch (err) {
      const f = classifyTwilioError(err);
      const verdict = failureOutcome(row, f, now());
      logFailure(row, f, verdict, 'sms failed');
      await recordSms(
        deps.db,
        row,
        verdict === 'final'
          ? { status: 'failed', error: f.reason, now: now() }
          : { status: 'retry', error: f.reason, retryAt: verdict, now: now() },
      );
    }
  }

  function track(row: OutboxRow): Promise<void> {
    const p = (row.kind === 'sms' ? deliverSms(row) : deliverMail(row))
      .catch((err: unknown) => {
        // The database failed while recording: the lease runs out and the row is tried again.
        log.error({ err, outboxId: row.id }, 'could not record a delivery attempt');
      })
      .finally(() => {
        inFlight.delete(p);
        wake?.();
      });
    inFlight.add(p);
    return p;
  }

  async function sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      let wait = opts.pollMs;
      try {
        const free = opts.concurrency - inFlight.size;
        const rows = await claimDue(deps.db, { now: now(), leaseMs: opts.leaseMs, limit: free });
        for (const row of rows) track(row);
        if (rows.length > 0 && rows.length === free) continue;
        if (free > 0) {
          const due = await nextDue(deps.db);
          if (due) wait = Math.max(0, Math.min(wait, due.getTime() - now().getTime()));
        }
      } catch (err) {
        log.error({ err }, 'outbox poll failed');
      }
      if (running) await sleep(Math.max(wait, 20));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.all([...inFlight]);
    },
    kick() {
      wake?.();
    },
    async deliverNow(outboxIds) {
      const rows = await claimDue(deps.db, {
        now: now(),
        leaseMs: opts.leaseMs,
        limit: outboxIds.length,
        ids: outboxIds,
      });
      await Promise.all(rows.map(track));
    },
  };
}
