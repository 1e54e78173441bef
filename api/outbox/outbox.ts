import type { Database } from '../../db/client';
import type { DeliveryStatus } from '../../db/schema/message-recipients';
import type { Job, MailJob, NewJob, SmsJob } from './jobs';

// The outbox as its users see it: the send path and the gateway enqueue jobs (inside their own
// transaction), the delivery worker claims, renews and records them. One implementation on the
// database (db-outbox.ts), one in memory for fast tests of the worker (memory-outbox.ts).
//
// A claimed job is leased to this instance for `leaseMs` (30 s by default): other instances leave
// it alone while the lease runs, the worker renews it while the attempt lasts (heartbeat), and a
// dead instance's jobs are due again once the lease runs out. A new message's jobs are enqueued
// already leased to the instance that made them, reserved for its first attempt (deliverNow).

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface RecipientResult {
  address: string;
  status: Exclude<DeliveryStatus, 'queued'>;
  error?: string;
  /** The relay's reply for this recipient, accepted or refused. */
  reply?: string;
}

export interface MailResult {
  done: RecipientResult[];
  /** The recipients still to try: none left deletes the job (and the sealed bytes). */
  remaining: string[];
  retryAt: Date;
  lastError?: string;
  now: Date;
}

export type SmsResult =
  | { status: 'sent'; providerRef: string; now: Date }
  | { status: 'failed'; error: string; now: Date }
  | { status: 'retry'; error: string; retryAt: Date; now: Date };

export interface Claim {
  jobs: Job[];
  /** Rows that did not read as a job: parked (not due for a day) with this reason, for the log. */
  parked: { id: string; reason: string }[];
}

export interface Outbox {
  /** This instance's name on the leases it holds. */
  readonly owner: string;
  readonly leaseMs: number;
  /** Adds jobs in the caller's transaction, reserved for this instance's first attempt; their ids. */
  enqueue(tx: Database | Transaction, jobs: NewJob[], now: Date): Promise<string[]>;
  /** Leases up to `limit` due jobs (new, retried, or left by a dead instance). */
  claimDue(now: Date, limit: number): Promise<Claim>;
  /** Leases the first attempt of jobs this instance enqueued (skips any another instance took). */
  claimReserved(ids: string[], now: Date): Promise<Claim>;
  /** Heartbeat: extends this instance's leases on these jobs by another `leaseMs`. */
  renew(ids: string[], now: Date): Promise<void>;
  /**
   * Makes every leased job due now. Only where no other instance can hold a lease: the embedded
   * database, opened by one process at a time, at start-up (the leases are a dead process's).
   */
  takeBackLeases(now: Date): Promise<number>;
  /** The earliest due time of any job, to sleep until then. */
  nextDue(): Promise<Date | undefined>;
  recordMail(job: MailJob, result: MailResult): Promise<void>;
  recordSms(job: SmsJob, result: SmsResult): Promise<void>;
}

export const DEFAULT_LEASE_MS = 30_000;
/** How long a row that does not read as a job waits before it is looked at again. */
export const PARK_MS = 24 * 60 * 60_000;
