import { newId } from '../../db/schema/columns';
import type { Job, NewJob } from './jobs';
import { DEFAULT_LEASE_MS, type MailResult, type Outbox, type SmsResult } from './outbox';

// The outbox in memory, for fast tests of the delivery worker (retries, backoff, leases): the same
// lease rules as db-outbox.ts on a Map, and every recorded attempt kept in `records`. What the
// database adds (row locks, message status) is tested in db-outbox.db.test.ts.

interface Entry {
  job: NewJob & { id: string };
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  leasedBy: string | undefined;
  lastError: string | undefined;
}

export type OutboxRecord =
  | { kind: 'mail'; id: string; result: MailResult }
  | { kind: 'sms'; id: string; result: SmsResult };

export interface MemoryOutbox extends Outbox {
  /** The jobs still in the outbox, by id. */
  readonly entries: ReadonlyMap<string, Readonly<Entry>>;
  readonly records: OutboxRecord[];
  /** Another instance on the same jobs (a second process on one database). */
  instance(owner?: string): MemoryOutbox;
}

function toJob(e: Entry): Job {
  const base = { id: e.job.id, messageId: e.job.messageId, attempts: e.attempts, createdAt: e.createdAt };
  if (e.job.kind === 'sms') {
    const { messageId, smsId, to, bodyEnc } = e.job;
    return { ...base, messageId, kind: 'sms', smsId, to, bodyEnc };
  }
  return {
    ...base,
    kind: e.job.kind,
    from: e.job.from,
    to: e.job.to.slice(),
    sealed: Buffer.from(e.job.sealed),
  };
}

function create(
  entries: Map<string, Entry>,
  records: OutboxRecord[],
  leaseMs: number,
  owner: string,
): MemoryOutbox {
  const until = (now: Date) => new Date(now.getTime() + leaseMs);
  const lease = (list: Entry[], now: Date) => {
    for (const e of list) {
      e.attempts += 1;
      e.leasedBy = owner;
      e.nextAttemptAt = until(now);
    }
    return { jobs: list.map(toJob), parked: [] };
  };
  return {
    owner,
    leaseMs,
    entries,
    records,
    instance: (other = newId('wrk')) => create(entries, records, leaseMs, other),
    async enqueue(_tx, jobs, now) {
      return jobs.map((job) => {
        const id = job.id ?? newId('out');
        entries.set(id, {
          job: { ...job, id },
          attempts: 0,
          createdAt: now,
          nextAttemptAt: until(now),
          leasedBy: owner,
          lastError: undefined,
        });
        return id;
      });
    },
    async claimDue(now, limit) {
      const due = [...entries.values()]
        .filter((e) => e.nextAttemptAt.getTime() <= now.getTime())
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
        .slice(0, Math.max(0, limit));
      return lease(due, now);
    },
    async claimReserved(ids, now) {
      const mine = ids
        .map((id) => entries.get(id))
        .filter((e): e is Entry => e !== undefined && e.attempts === 0 && e.leasedBy === owner);
      return lease(mine, now);
    },
    async renew(ids, now) {
      for (const id of ids) {
        const e = entries.get(id);
        if (e && e.leasedBy === owner) e.nextAttemptAt = until(now);
      }
    },
    async takeBackLeases(now) {
      let n = 0;
      for (const e of entries.values()) {
        if (e.leasedBy === undefined) continue;
        e.leasedBy = undefined;
        e.nextAttemptAt = now;
        n += 1;
      }
      return n;
    },
    async nextDue() {
      const times = [...entries.values()].map((e) => e.nextAttemptAt.getTime());
      return times.length > 0 ? new Date(Math.min(...times)) : undefined;
    },
    async recordMail(job, result) {
      records.push({ kind: 'mail', id: job.id, result });
      const e = entries.get(job.id);
      if (!e) return;
      if (result.remaining.length === 0 || e.job.kind === 'sms') {
        entries.delete(job.id);
        return;
      }
      e.job = { ...e.job, to: result.remaining.slice() };
      e.nextAttemptAt = result.retryAt;
      e.leasedBy = undefined;
      e.lastError = result.lastError;
    },
    async recordSms(job, result) {
      records.push({ kind: 'sms', id: job.id, result });
      const e = entries.get(job.id);
      if (!e) return;
      if (result.status !== 'retry') {
        entries.delete(job.id);
        return;
      }
      e.nextAttemptAt = result.retryAt;
      e.leasedBy = undefined;
      e.lastError = result.error;
    },
  };
}

export function createMemoryOutbox(options: { leaseMs?: number; owner?: string } = {}): MemoryOutbox {
  return create(new Map(), [], options.leaseMs ?? DEFAULT_LEASE_MS, options.owner ?? newId('wrk'));
}
