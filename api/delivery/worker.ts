import type { Logger } from '../log';
import type { Job, MailJob, SmsJob } from '../outbox/jobs';
import type { Claim, Outbox, RecipientResult } from '../outbox/outbox';
import type { SecretBox } from '../secrets/secret-box';
import { classifyTwilioError } from '../sms/classify';
import type { SmsSender } from '../sms/sender';
import { classifySmtpError, type DeliveryFailure } from './classify';
import { backoffDelay, defaultRetryPolicy, mayRetry, type RetryPolicy } from './policy';
import type { MailTransport } from './transport';

// Delivers the outbox: sealed mail to the relay, SMS to Twilio. It polls for due jobs, and is kicked
// by a new message so the sender need not wait for the next poll. `deliverNow` runs the first
// attempt of a new message's jobs right away, so POST /v1/messages can answer `sent`. While an
// attempt runs, a heartbeat renews the job's lease (api/outbox/outbox.ts), so a slow relay keeps
// its job, and a dead instance's job is taken by another once the lease runs out.

export interface WorkerOptions extends RetryPolicy {
  /** Jobs delivered at the same time. */
  concurrency: number;
  /** Longest sleep between two looks at the outbox. */
  pollMs: number;
  /** How often the leases of attempts in flight are renewed; a third of the lease by default. */
  heartbeatMs?: number;
}

export const defaultWorkerOptions: WorkerOptions = {
  ...defaultRetryPolicy,
  concurrency: 8,
  pollMs: 2_000,
};

export interface WorkerDeps {
  outbox: Outbox;
  transport: MailTransport;
  sms: SmsSender;
  secrets: SecretBox;
  log: Logger;
  now: () => Date;
  options?: Partial<WorkerOptions>;
  /** In [0, 1): the backoff's jitter. Tests pass a constant. */
  random?: () => number;
}

export interface DeliveryWorker {
  start(): void;
  /** Stops polling and waits for attempts in flight (the database stays open). */
  stop(): Promise<void>;
  /** Look at the outbox now. */
  kick(): void;
  /** Makes the first attempt of these jobs now; resolves once each was tried (or taken by another). */
  deliverNow(outboxIds: string[]): Promise<void>;
  /** The heartbeat: renews the leases of the attempts in flight (also run by a timer). */
  renewLeases(): Promise<void>;
}

export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const opts: WorkerOptions = { ...defaultWorkerOptions, ...deps.options };
  const { outbox, now } = deps;
  const random = deps.random ?? Math.random;
  const heartbeatMs = opts.heartbeatMs ?? Math.max(100, Math.floor(outbox.leaseMs / 3));
  const log = deps.log.child({ component: 'delivery' });
  const inFlight = new Map<string, Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  function failureOutcome(job: Job, f: DeliveryFailure, at: Date): 'final' | Date {
    if (f.kind === 'permanent' || !mayRetry(opts, job.attempts, job.createdAt, at)) return 'final';
    return new Date(at.getTime() + backoffDelay(opts, job.attempts, random()));
  }

  /** The one log line of a failed attempt: ids and the classified reason, never the content. */
  function logFailure(job: Job, f: DeliveryFailure, verdict: 'final' | Date, msg: string): void {
    log.warn(
      {
        messageId: job.messageId,
        outboxId: job.id,
        attempt: job.attempts,
        reason: f.reason,
        final: verdict === 'final',
      },
      msg,
    );
  }

  async function deliverMail(job: MailJob): Promise<void> {
    const envelope = { from: job.from, to: job.to };
    const done: RecipientResult[] = [];
    let remaining: string[] = [];
    let lastError: string | undefined;
    let retryAt = now();
    try {
      const out = await deps.transport.send(envelope, job.sealed);
      const at = now();
      for (const a of out.accepted) done.push({ address: a, status: 'sent', reply: out.response });
      for (const r of out.rejected) {
        const verdict = failureOutcome(job, r.failure, at);
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
          messageId: job.messageId,
          outboxId: job.id,
          accepted: out.accepted.length,
          rejected: out.rejected.length,
        },
        'mail delivered',
      );
    } catch (err) {
      const f = classifySmtpError(err);
      const verdict = failureOutcome(job, f, now());
      lastError = f.reason;
      if (verdict === 'final') {
        for (const a of envelope.to)
          done.push({ address: a, status: 'failed', error: f.reason, reply: f.reply });
      } else {
        remaining = envelope.to;
        retryAt = verdict;
      }
      logFailure(job, f, verdict, 'mail delivery failed');
    }
    await outbox.recordMail(job, { done, remaining, retryAt, lastError, now: now() });
  }

  async function deliverSms(job: SmsJob): Promise<void> {
    let reference: string;
    try {
      const body = deps.secrets.decrypt(job.bodyEnc, job.smsId);
      reference = (await deps.sms.send({ to: job.to, body })).reference;
    } catch (err) {
      const f = classifyTwilioError(err);
      const verdict = failureOutcome(job, f, now());
      logFailure(job, f, verdict, 'sms failed');
      await outbox.recordSms(
        job,
        verdict === 'final'
          ? { status: 'failed', error: f.reason, now: now() }
          : { status: 'retry', error: f.reason, retryAt: verdict, now: now() },
      );
      return;
    }
    // Recorded outside the try: a database error here must not count as a failed SMS (and send it again).
    await outbox.recordSms(job, { status: 'sent', providerRef: reference, now: now() });
    log.info({ messageId: job.messageId, outboxId: job.id }, 'sms sent');
  }

  async function renewLeases(): Promise<void> {
    if (inFlight.size === 0) return;
    try {
      await outbox.renew([...inFlight.keys()], now());
    } catch (err) {
      // The lease may run out meanwhile: another instance then tries too (at least once, same Message-ID).
      log.warn({ err }, 'renewing the leases of attempts in flight failed');
    }
  }

  function track(job: Job): Promise<void> {
    const p = (job.kind === 'sms' ? deliverSms(job) : deliverMail(job))
      .catch((err: unknown) => {
        // The database failed while recording: the lease runs out and the job is tried again.
        log.error({ err, outboxId: job.id }, 'could not record a delivery attempt');
      })
      .finally(() => {
        inFlight.delete(job.id);
        if (inFlight.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = undefined;
        }
        wake?.();
      });
    inFlight.set(job.id, p);
    if (!heartbeat) {
      heartbeat = setInterval(() => void renewLeases(), heartbeatMs);
      heartbeat.unref();
    }
    return p;
  }

  function take(claim: Claim): Promise<void>[] {
    for (const p of claim.parked) log.error({ outboxId: p.id, reason: p.reason }, 'outbox job parked');
    return claim.jobs.map(track);
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
        const claim = await outbox.claimDue(now(), free);
        take(claim);
        if (claim.jobs.length > 0 && claim.jobs.length === free) continue;
        if (free > 0) {
          const due = await outbox.nextDue();
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
      await Promise.all([...inFlight.values()]);
    },
    kick() {
      wake?.();
    },
    async deliverNow(outboxIds) {
      await Promise.all(take(await outbox.claimReserved(outboxIds, now())));
    },
    renewLeases,
  };
}
