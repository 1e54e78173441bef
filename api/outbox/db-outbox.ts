import { and, asc, eq, inArray, isNotNull, lte, type SQL, sql, type WithSubquery } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/schema/columns';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messageSms } from '../../db/schema/message-sms';
import { outbox } from '../../db/schema/outbox';
import { type Job, type NewJob, payloadOf, readJob, UnreadableJob } from './jobs';
import { lockMessage, refreshMessage } from './message-status';
import {
  type Claim,
  DEFAULT_LEASE_MS,
  type MailResult,
  type Outbox,
  PARK_MS,
  type Transaction,
} from './outbox';

// The outbox on the database (STYLE.md "Data"). Jobs are claimed in one statement with
// FOR UPDATE SKIP LOCKED and leased by pushing `next_attempt_at` out and naming the owner in
// `leased_by`, so no transaction is held open while we talk to the relay (PGlite has a single
// connection), other instances skip the row meanwhile, and a crash mid-attempt makes the row due
// again once the lease runs out (30 s; the worker's heartbeat renews it while an attempt runs).
// Each statement is a round trip to PostgreSQL (issue 15): what belongs together goes in one.

/**
 * Not held: the job's message is not of a suspended account (`vertraulich account suspend`). A held
 * job stays in the outbox untouched, neither tried nor counted as due, and goes out once the account
 * is unsuspended (issue 13). Account mails (no message) are never held.
 */
const notHeld = sql`not exists (select 1 from messages m join accounts a on a.id = m.account_id
  where m.id = ${outbox.messageId} and a.suspended_at is not null)`;

/**
 * New jobs as outbox rows, reserved for the first attempt by this instance (should it die first,
 * due after the lease). Outbox.enqueue inserts them; the send path inserts them itself, in the one
 * statement that stores the message with them (api/messages/queue.ts).
 */
export function reservedRows(
  by: Pick<Outbox, 'owner' | 'leaseMs'>,
  jobs: NewJob[],
  now: Date,
): (typeof outbox.$inferInsert & { id: string })[] {
  return jobs.map((job) => ({
    id: job.id ?? newId('out'),
    messageId: job.messageId,
    kind: job.kind,
    sealed: job.kind === 'sms' ? null : Buffer.from(job.sealed),
    payload: payloadOf(job),
    leasedBy: by.owner,
    nextAttemptAt: new Date(now.getTime() + by.leaseMs),
    createdAt: now,
    updatedAt: now,
  }));
}

/**
 * Each recipient's result, all in one UPDATE: the results go as one JSON parameter, matched to the
 * recipients by address in any case (the relay may echo an address in another case).
 */
function recipientsUpdate(db: Database | Transaction, messageId: string, result: MailResult) {
  const byAddress = new Map(result.done.map((d) => [d.address.toLowerCase(), d]));
  const results = JSON.stringify(
    [...byAddress].map(([address, d]) => ({
      address,
      status: d.status,
      error: d.error ?? null,
      reply: d.reply ?? null,
    })),
  );
  return db
    .update(messageRecipients)
    .set({ status: sql`r.status`, error: sql`r.error`, reply: sql`r.reply`, updatedAt: result.now })
    .from(sql`jsonb_to_recordset(${results}::jsonb) as r(address text, status text, error text, reply text)`)
    .where(
      and(eq(messageRecipients.messageId, messageId), sql`lower(${messageRecipients.address}) = r.address`),
    );
}

export function createDbOutbox(db: Database, options: { leaseMs?: number; owner?: string } = {}): Outbox {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const owner = options.owner ?? newId('wrk');
  const until = (now: Date) => new Date(now.getTime() + leaseMs);

  /**
   * ONE statement: leases up to `limit` rows of `which` and returns them. The rows are picked by an
   * uncorrelated ARRAY(SELECT … FOR UPDATE SKIP LOCKED) that runs once, so no more than `limit` are
   * taken and none that another instance is taking at the same moment.
   */
  async function claim(now: Date, limit: number, which: SQL | undefined): Promise<Claim> {
    if (limit <= 0) return { jobs: [], parked: [] };
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(which)
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await db
      .update(outbox)
      .set({
        nextAttemptAt: until(now),
        leasedBy: owner,
        attempts: sql`${outbox.attempts} + 1`,
        updatedAt: now,
      })
      .where(sql`${outbox.id} = any(array(${due}))`)
      .returning();
    if (rows.length === 0) return { jobs: [], parked: [] };
    rows.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1));
    const jobs: Job[] = [];
    const parked: Claim['parked'] = [];
    for (const row of rows) {
      try {
        jobs.push(readJob(row));
      } catch (err) {
        if (!(err instanceof UnreadableJob)) throw err;
        parked.push({ id: row.id, reason: err.message });
        // Not an attempt: the lease just taken goes, and the count with it.
        await db
          .update(outbox)
          .set({
            nextAttemptAt: new Date(now.getTime() + PARK_MS),
            leasedBy: null,
            attempts: row.attempts - 1,
            lastError: err.message,
            updatedAt: now,
          })
          .where(eq(outbox.id, row.id));
      }
    }
    return { jobs, parked };
  }

  return {
    owner,
    leaseMs,

    async enqueue(tx: Database | Transaction, jobs, now) {
      if (jobs.length === 0) return [];
      const rows = reservedRows({ owner, leaseMs }, jobs, now);
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
      const parts: WithSubquery[] = [];
      // A receipt's recipient is the sender, whose status as a recipient (if any) is the sealed mail's.
      if (job.kind === 'mail' && messageId && result.done.length > 0) {
        parts.push(db.$with('recipients').as(recipientsUpdate(db, messageId, result)));
      }
      const end = (tx: Database | Transaction) =>
        result.remaining.length === 0
          ? tx
              .with(...parts)
              .delete(outbox)
              .where(eq(outbox.id, job.id))
          : tx
              .with(...parts)
              .update(outbox)
              .set({
                payload: payloadOf({ ...job, to: result.remaining }),
                nextAttemptAt: result.retryAt,
                leasedBy: null,
                lastError: result.lastError ?? null,
                updatedAt: result.now,
              })
              .where(eq(outbox.id, job.id));
      if (!messageId) {
        await end(db);
        return;
      }
      // The lock first, in a statement of its own (READ COMMITTED): the refresh after it then sees
      // every part another transaction recorded before it.
      await db.transaction(async (tx) => {
        await lockMessage(tx, messageId);
        await end(tx);
        await refreshMessage(tx, messageId, result.now);
      });
    },

    async recordSms(job, result) {
      if (result.status === 'retry') {
        await db
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
      await db.transaction(async (tx) => {
        await lockMessage(tx, job.messageId);
        const sms = tx.$with('sms').as(
          tx
            .update(messageSms)
            .set(
              result.status === 'sent'
                ? { status: 'sent', providerRef: result.providerRef, error: null, updatedAt: result.now }
                : { status: 'failed', error: result.error, updatedAt: result.now },
            )
            .where(eq(messageSms.id, job.smsId)),
        );
        await tx.with(sms).delete(outbox).where(eq(outbox.id, job.id));
        await refreshMessage(tx, job.messageId, result.now);
      });
    },
  };
}
