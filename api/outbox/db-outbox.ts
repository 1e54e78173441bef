import { and, asc, eq, inArray, isNotNull, lte, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messageSms } from '../../db/schema/message-sms';
import { type OutboxRow, outbox } from '../../db/schema/outbox';
import { type Job, payloadOf, readJob, UnreadableJob } from './jobs';
import { lockMessage, refreshMessage } from './message-status';
import { type Claim, DEFAULT_LEASE_MS, type Outbox, PARK_MS, type Transaction } from './outbox';

// The outbox on the database (STYLE.md "Data"). Jobs are claimed in a short transaction with
// FOR UPDATE SKIP LOCKED and leased by pushing `next_attempt_at` out and naming the owner in
// `leased_by`, so the transaction is not held open while we talk to the relay (PGlite has a single
// connection), other instances skip the row meanwhile, and a crash mid-attempt makes the row due
// again once the lease runs out (30 s; the worker's heartbeat renews it while an attempt runs).

/**
 * Not held: the job's message is not of a suspended account (`vertraulich account suspend`). A held
 * job stays in the outbox untouched, neither tried nor counted as due, and goes out once the account
 * is unsuspended (issue 13). Account mails (no message) are never held.
 */
const notHeld = sql`not exists (select 1 from messages m join accounts a on a.id = m.account_id
  where m.id = ${outbox.messageId} and a.suspended_at is not null)`;

export function createDbOutbox(db: Database, options: { leaseMs?: number; owner?: string } = {}): Outbox {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = options.owner ?? newId('wrk');
  const until = (now: Date) => new Date(now.getTime() + leaseMs);

  async function claim(now: Date, limit: number, which: SQL | undefined): Promise<Claim> {
    if (limit <= 0) return { jobs: [], parked: [] };
    return db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .where(which)
        .orderBy(asc(outbox.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return { jobs: [], parked: [] };
      const jobs: Job[] = [];
      const parked: Claim['parked'] = [];
      const leased: OutboxRow[] = [];
      for (const row of rows) {
        try {
          jobs.push(readJob({ ...row, attempts: row.attempts + 1 }));
          leased.push(row);
        } catch (err) {
          if (!(err instanceof UnreadableJob)) throw err;
          parked.push({ id: row.id, reason: err.message });
          await tx
            .update(outbox)
            .set({
              nextAttemptAt: new Date(now.getTime() + PARK_MS),
              leasedBy: null,
              lastError: err.message,
              updatedAt: now,
            })
            .where(eq(outbox.id, row.id));
        }
      }
      if (leased.length > 0) {
        await tx
          .update(outbox)
          .set({
            nextAttemptAt: until(now),
            leasedBy: owner,
            attempts: sql`${outbox.attempts} + 1`,
            updatedAt: now,
          })
          .where(
            inArray(
              outbox.id,
              leased.map((r) => r.id),
            ),
          );
      }
      return { jobs, parked };
    });
  }

  return {
    owner,
    leaseMs,

    async enqueue(tx: Database | Transaction, jobs, now) {
      if (jobs.length === 0) return [];
      const rows = jobs.map((job) => ({
        id: job.id ?? newId('out'),
        messageId: job.messageId,
        kind: job.kind,
        sealed: job.kind === 'sms' ? null : Buffer.from(job.sealed),
        payload: payloadOf(job),
        // Reserved for the first attempt by this instance; should it die first, due after the lease.
        leasedBy: owner,
        nextAttemptAt: until(now),
        createdAt: now,
        updatedAt: now,
      }));
      await tx.insert(outbox).values(rows);
      return rows.map((r) => r.id);
    },

    claimDue: (now, limit) => claim(now, limit, and(lte(outbox.nextAttemptAt, now), notHeld)),

    claimReserved: (ids, now) =>
      ids.length === 0
        ? Promise.resolve({ jobs: [], parked: [] })
        : claim(
            now,
            ids.length,
            and(eq(outbox.attempts, 0), eq(outbox.leasedBy, owner), inArray(outbox.id, ids), notHeld),
          ),

    async renew(ids, now) {
      if (ids.length === 0) return;
      await db
        .update(outbox)
        .set({ nextAttemptAt: until(now), updatedAt: now })
        .where(and(eq(outbox.leasedBy, owner), inArray(outbox.id, ids)));
    },

    async takeBackLeases(now) {
      const rows = await db
        .update(outbox)
        .set({ nextAttemptAt: now, leasedBy: null, updatedAt: now })
        .where(isNotNull(outbox.leasedBy))
        .returning({ id: outbox.id });
      return rows.length;
    },

    async nextDue() {
      const [row] = await db
        .select({ at: sql<Date | string | null>`min(${outbox.nextAttemptAt})` })
        .from(outbox)
        .where(notHeld);
      return row?.at ? new Date(row.at) : undefined;
    },

    async recordMail(job, result) {
      // An account mail (kind 'account') belongs to no message: nothing to lock or refresh.
      const messageId = job.messageId;
      await db.transaction(async (tx) => {
        if (messageId) await lockMessage(tx, messageId);
        // A receipt's recipient is the sender, whose status as a recipient (if any) is the sealed mail's.
        if (job.kind === 'mail' && messageId && result.done.length > 0) {
          const rcpts = await tx
            .select({ id: messageRecipients.id, address: messageRecipients.address })
            .from(messageRecipients)
            .where(eq(messageRecipients.messageId, messageId));
          for (const d of result.done) {
            const ids = rcpts
              .filter((r) => r.address.toLowerCase() === d.address.toLowerCase())
              .map((r) => r.id);
            if (ids.length === 0) continue;
            await tx
              .update(messageRecipients)
              .set({
                status: d.status,
                error: d.error ?? null,
                reply: d.reply ?? null,
                updatedAt: result.now,
              })
              .where(inArray(messageRecipients.id, ids));
          }
        }
        if (result.remaining.length === 0) {
          await tx.delete(outbox).where(eq(outbox.id, job.id));
        } else {
          await tx
            .update(outbox)
            .set({
              payload: payloadOf({ ...job, to: result.remaining }),
              nextAttemptAt: result.retryAt,
              leasedBy: null,
              lastError: result.lastError ?? null,
              updatedAt: result.now,
            })
            .where(eq(outbox.id, job.id));
        }
        if (messageId) await refreshMessage(tx, messageId, result.now);
      });
    },

    async recordSms(job, result) {
      await db.transaction(async (tx) => {
        if (result.status === 'retry') {
          await tx
            .update(outbox)
            .set({
              nextAttemptAt: result.retryAt,
              leasedBy: null,
              lastError: result.error,
              updatedAt: result.now,
            })
            .where(eq(outbox.id, job.id));
          return;
        }
        await lockMessage(tx, job.messageId);
        await tx
          .update(messageSms)
          .set(
            result.status === 'sent'
              ? { status: 'sent', providerRef: result.providerRef, error: null, updatedAt: result.now }
              : { status: 'failed', error: result.error, updatedAt: result.now },
          )
          .where(eq(messageSms.id, job.smsId));
        await tx.delete(outbox).where(eq(outbox.id, job.id));
        await refreshMessage(tx, job.messageId, result.now);
      });
    },
  };
}
