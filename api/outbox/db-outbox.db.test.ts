import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messages } from '../../db/schema/messages';
import { outbox as outboxTable } from '../../db/schema/outbox';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db';
import { createDbOutbox } from './db-outbox';
import type { Job, MailJob } from './jobs';
import type { Outbox } from './outbox';

// The outbox's database rules on both back ends: a claimed job is leased (no second instance takes
// it), a heartbeat keeps it, a dead instance's job is due again once its lease ran out, a row that
// does not read as a job is parked, and the mail and SMS of one message recorded at the same moment
// still end in `sent`.

const LEASE = 30_000;
const t0 = new Date('2026-03-02T09:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('outbox on the database', () => {
  let db: TestDatabase;
  let a: Outbox;
  let b: Outbox;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = createDbOutbox(db.db, { leaseMs: LEASE, owner: 'wrk_a' });
    b = createDbOutbox(db.db, { leaseMs: LEASE, owner: 'wrk_b' });
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A stored message with its recipients and SMS rows, and its jobs enqueued by `by` at `now`. */
  async function message(by: Outbox, recipients: string[], phones: string[], now = t0) {
    const accountId = newId('acc');
    const messageId = newId('msg');
    await db.db.insert(accounts).values({ id: accountId, email: `${accountId}@example.org` });
    await db.db.insert(messages).values({
      id: messageId,
      accountId,
      source: 'api',
      passwordEnc: 'v1.x',
      subjectEnc: 'v1.x',
      originalSha256: '0',
      sealedMessageId: '<x@y>',
      language: 'de',
    });
    await db.db
      .insert(messageRecipients)
      .values(recipients.map((address) => ({ id: newId('rcp'), messageId, kind: 'to' as const, address })));
    const smsIds = phones.map(() => newId('sms'));
    for (const [i, phone] of phones.entries()) {
      await db.db.execute(
        sql`insert into message_sms (id, message_id, phone) values (${smsIds[i] ?? ''}, ${messageId}, ${phone})`,
      );
    }
    const ids = await db.db.transaction((tx) =>
      by.enqueue(
        tx,
        [
          { kind: 'mail', messageId, sealed: Buffer.from('sealed'), from: 'n@x', to: recipients },
          ...phones.map((phone, i) => ({
            kind: 'sms' as const,
            messageId,
            smsId: smsIds[i] ?? '',
            to: phone,
            bodyEnc: 'v1.x',
          })),
        ],
        now,
      ),
    );
    return { messageId, ids };
  }

  const ids = (jobs: Job[]) => jobs.map((j) => j.id).sort();

  it('reserves new jobs for the instance that made them, until their lease runs out', async () => {
    const { ids: made } = await message(a, ['a@example.org'], ['+491']);
    expect((await b.claimReserved(made, t0)).jobs).toEqual([]);
    expect(ids((await a.claimDue(at(LEASE - 1), 10)).jobs)).toEqual([]);
    const first = await a.claimReserved(made, t0);
    expect(ids(first.jobs)).toEqual([...made].sort());
    expect(first.jobs.every((j) => j.attempts === 1)).toBe(true);
    const mail = first.jobs.find((j): j is MailJob => j.kind === 'mail');
    expect(mail?.sealed.toString()).toBe('sealed');
    expect(mail?.to).toEqual(['a@example.org']);
    // Claimed once: a second deliverNow of the same ids takes nothing.
    expect((await a.claimReserved(made, t0)).jobs).toEqual([]);
  });

  it('leases what it claims: concurrent claims never take the same job', async () => {
    const { ids: made } = await message(a, ['a@example.org'], ['+491', '+492', '+493']);
    const due = at(LEASE);
    const claims = await Promise.all([a, b, a, b].map((o) => o.claimDue(due, 2)));
    const taken = claims.flatMap((c) => c.jobs.map((j) => j.id)).filter((id) => made.includes(id));
    expect(taken.sort()).toEqual([...made].sort());
    expect(new Set(taken).size).toBe(taken.length);
  });

  it("keeps a job whose lease is renewed, and hands a dead instance's job to another after the lease", async () => {
    const { ids: made } = await message(a, ['slow@example.org'], []);
    const [job] = (await a.claimReserved(made, t0)).jobs;
    expect(job?.id).toBe(made[0]);
    // Heartbeats at 20 s and 40 s: at 45 s the job is still a's.
    await a.renew(made, at(20_000));
    await a.renew(made, at(40_000));
    // b cannot renew what it does not hold.
    await b.renew(made, at(40_000));
    expect(ids((await b.claimDue(at(45_000), 10)).jobs)).not.toContain(made[0]);
    // a dies: no more heartbeats; 30 s after the last one the job is b's, as its second attempt.
    expect(ids((await b.claimDue(at(69_999), 10)).jobs)).not.toContain(made[0]);
    const retaken = (await b.claimDue(at(70_000), 10)).jobs.find((j) => j.id === made[0]);
    expect(retaken?.attempts).toBe(2);
    // a, should it come back, can no longer renew it.
    await a.renew(made, at(71_000));
    const [row] = await db.db
      .select()
      .from(outboxTable)
      .where(eq(outboxTable.id, made[0] ?? ''));
    expect(row?.leasedBy).toBe('wrk_b');
    expect(row?.nextAttemptAt.getTime()).toBe(at(100_000).getTime());
  });

  it('takes back every lease at once (start-up on the embedded database)', async () => {
    const { ids: made } = await message(a, ['crash@example.org'], ['+494']);
    await a.claimReserved(made.slice(0, 1), t0);
    const restart = at(1000);
    expect(await b.takeBackLeases(restart)).toBeGreaterThanOrEqual(2);
    expect(ids((await b.claimDue(restart, 50)).jobs)).toEqual(expect.arrayContaining([...made].sort()));
  });

  it('parks a row that does not read as a job, with the reason, and claims the others', async () => {
    const { messageId, ids: made } = await message(a, ['ok@example.org'], []);
    const broken = newId('out');
    await db.db.insert(outboxTable).values({
      id: broken,
      messageId,
      kind: 'sms',
      payload: { to: '+491' },
      nextAttemptAt: t0,
    });
    const claim = await b.claimDue(at(10 * LEASE), 50);
    expect(claim.parked.map((p) => p.id)).toEqual([broken]);
    expect(claim.parked[0]?.reason).toMatch(/smsId/);
    expect(ids(claim.jobs)).toEqual(expect.arrayContaining(made));
    const [row] = await db.db.select().from(outboxTable).where(eq(outboxTable.id, broken));
    expect(row?.lastError).toMatch(/payload/);
    expect(row?.leasedBy).toBeNull();
    expect(row?.nextAttemptAt.getTime()).toBeGreaterThan(at(10 * LEASE + 60 * 60_000).getTime());
  });

  it('ends in sent when the mail and the SMS of one message are recorded at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const { messageId, ids: made } = await message(a, ['a@example.org', 'b@example.org'], ['+491']);
      const { jobs } = await a.claimReserved(made, t0);
      const mail = jobs.find((j) => j.kind === 'mail');
      const sms = jobs.find((j) => j.kind === 'sms');
      if (mail?.kind !== 'mail' || sms?.kind !== 'sms') throw new Error('jobs not claimed');
      await Promise.all([
        a.recordMail(mail, {
          done: [
            { address: 'a@example.org', status: 'sent' },
            { address: 'B@example.org', status: 'sent' },
          ],
          remaining: [],
          retryAt: t0,
          now: t0,
        }),
        a.recordSms(sms, { status: 'sent', providerRef: 'SM1', now: t0 }),
      ]);
      const [m] = await db.db.select().from(messages).where(eq(messages.id, messageId));
      expect(m?.status).toBe('sent');
      expect(await db.db.select().from(outboxTable).where(eq(outboxTable.messageId, messageId))).toEqual([]);
    }
  });

  it('keeps a mail job with only the deferred recipients, and fails the message once nothing is left', async () => {
    const { messageId, ids: made } = await message(a, ['a@example.org', 'b@example.org'], []);
    const [job] = (await a.claimReserved(made, t0)).jobs;
    if (job?.kind !== 'mail') throw new Error('not claimed');
    const retryAt = at(5000);
    await a.recordMail(job, {
      done: [{ address: 'a@example.org', status: 'sent' }],
      remaining: ['b@example.org'],
      retryAt,
      lastError: 'SMTP 451',
      now: t0,
    });
    const [kept] = await db.db.select().from(outboxTable).where(eq(outboxTable.id, job.id));
    expect(kept?.payload).toEqual({ from: 'n@x', to: ['b@example.org'] });
    expect(kept?.leasedBy).toBeNull();
    expect(kept?.nextAttemptAt.getTime()).toBe(retryAt.getTime());
    expect((await db.db.select().from(messages).where(eq(messages.id, messageId)))[0]?.status).toBe('queued');
    const again = (await a.claimDue(retryAt, 50)).jobs.find((j) => j.id === job.id);
    if (again?.kind !== 'mail') throw new Error('not due again');
    expect(again.to).toEqual(['b@example.org']);
    await a.recordMail(again, {
      done: [{ address: 'b@example.org', status: 'failed', error: 'SMTP 550' }],
      remaining: [],
      retryAt,
      now: t0,
    });
    expect((await db.db.select().from(messages).where(eq(messages.id, messageId)))[0]?.status).toBe('failed');
    const rcpts = await db.db
      .select()
      .from(messageRecipients)
      .where(eq(messageRecipients.messageId, messageId));
    expect(rcpts.map((r) => [r.address, r.status, r.error]).sort()).toEqual([
      ['a@example.org', 'sent', null],
      ['b@example.org', 'failed', 'SMTP 550'],
    ]);
  });

  it('leaves the recipients alone when a receipt to the sender is delivered', async () => {
    const { messageId } = await message(a, ['sender@example.org'], []);
    const [receiptId] = await a.enqueue(
      db.db,
      [{ kind: 'receipt', messageId, sealed: Buffer.from('r'), from: 'n@x', to: ['sender@example.org'] }],
      t0,
    );
    const [job] = (await a.claimReserved([receiptId ?? ''], t0)).jobs;
    if (job?.kind !== 'receipt') throw new Error('not claimed');
    await a.recordMail(job, {
      done: [{ address: 'sender@example.org', status: 'sent' }],
      remaining: [],
      retryAt: t0,
      now: t0,
    });
    const rcpts = await db.db
      .select()
      .from(messageRecipients)
      .where(eq(messageRecipients.messageId, messageId));
    expect(rcpts.map((r) => r.status)).toEqual(['queued']);
    expect(await db.db.select().from(outboxTable).where(eq(outboxTable.id, job.id))).toEqual([]);
  });
});
