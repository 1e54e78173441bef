import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messageSms } from '../../db/schema/message-sms';
import { messages } from '../../db/schema/messages';
import { outbox } from '../../db/schema/outbox';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/db';
import { claimDue, recordMail, recordSms } from './outbox-store';

// The outbox's database rules on both back ends: a claimed row is leased (no second worker takes
// it), and the mail and SMS of one message recorded at the same moment still end in `sent`.

describe('outbox store', () => {
  let db: TestDatabase;
  const now = new Date('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  async function message(recipients: string[], phones: string[]) {
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
    if (phones.length > 0) {
      await db.db
        .insert(messageSms)
        .values(phones.map((phone, i) => ({ id: smsIds[i] ?? '', messageId, phone })));
    }
    const mailRow = {
      id: newId('out'),
      messageId,
      kind: 'mail' as const,
      sealed: Buffer.from('x'),
      envelope: { from: 'n@x', to: recipients },
      nextAttemptAt: now,
    };
    const smsRows = phones.map((phone, i) => ({
      id: newId('out'),
      messageId,
      kind: 'sms' as const,
      envelope: { from: '', to: [phone] },
      smsId: smsIds[i] ?? null,
      smsBodyEnc: 'v1.x',
      nextAttemptAt: now,
    }));
    await db.db.insert(outbox).values([mailRow, ...smsRows]);
    return { messageId, ids: [mailRow.id, ...smsRows.map((r) => r.id)] };
  }

  it('leases what it claims: concurrent claims never take the same row, and a leased row is not due', async () => {
    const { ids } = await message(['a@example.org'], ['+491', '+492', '+493']);
    const claims = await Promise.all(
      [1, 2, 3, 4].map(() => claimDue(db.db, { now, leaseMs: 60_000, limit: 2, ids })),
    );
    const taken = claims.flat().map((r) => r.id);
    expect(taken.sort()).toEqual([...ids].sort());
    expect(new Set(taken).size).toBe(taken.length);
    expect(await claimDue(db.db, { now, leaseMs: 60_000, limit: 10 })).toEqual([]);
    const later = await claimDue(db.db, {
      now: new Date(now.getTime() + 61_000),
      leaseMs: 60_000,
      limit: 10,
    });
    expect(later.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(later.every((r) => r.attempts === 2)).toBe(true);
  });

  it('ends in sent when the mail and the SMS of one message are recorded at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const { messageId, ids } = await message(['a@example.org', 'b@example.org'], ['+491']);
      const rows = await claimDue(db.db, { now, leaseMs: 60_000, limit: 2, ids });
      const mail = rows.find((r) => r.kind === 'mail');
      const sms = rows.find((r) => r.kind === 'sms');
      if (!mail || !sms) throw new Error('rows not claimed');
      await Promise.all([
        recordMail(db.db, mail, {
          done: [
            { address: 'a@example.org', status: 'sent' },
            { address: 'B@example.org', status: 'sent' },
          ],
          remaining: [],
          retryAt: now,
          now,
        }),
        recordSms(db.db, sms, { status: 'sent', providerRef: 'SM1', now }),
      ]);
      const [m] = await db.db.select().from(messages).where(eq(messages.id, messageId));
      expect(m?.status).toBe('sent');
      expect(await db.db.select().from(outbox).where(eq(outbox.messageId, messageId))).toEqual([]);
    }
  });

  it('keeps a mail row with only the deferred recipients, and fails the message once nothing is left', async () => {
    const { messageId, ids } = await message(['a@example.org', 'b@example.org'], []);
    const [row] = await claimDue(db.db, { now, leaseMs: 60_000, limit: 1, ids });
    if (!row) throw new Error('not claimed');
    const retryAt = new Date(now.getTime() + 5000);
    await recordMail(db.db, row, {
      done: [{ address: 'a@example.org', status: 'sent' }],
      remaining: ['b@example.org'],
      retryAt,
      lastError: 'SMTP 451',
      now,
    });
    const [kept] = await db.db.select().from(outbox).where(eq(outbox.id, row.id));
    expect(kept?.envelope?.to).toEqual(['b@example.org']);
    expect(kept?.nextAttemptAt.getTime()).toBe(retryAt.getTime());
    expect((await db.db.select().from(messages).where(eq(messages.id, messageId)))[0]?.status).toBe('queued');
    if (!kept) throw new Error('row gone');
    await recordMail(db.db, kept, {
      done: [{ address: 'b@example.org', status: 'failed', error: 'SMTP 550' }],
      remaining: [],
      retryAt,
      now,
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
    const { messageId } = await message(['sender@example.org'], []);
    const receiptId = newId('out');
    await db.db.insert(outbox).values({
      id: receiptId,
      messageId,
      kind: 'receipt',
      sealed: Buffer.from('r'),
      envelope: { from: 'n@x', to: ['sender@example.org'] },
      nextAttemptAt: now,
    });
    const [row] = await claimDue(db.db, { now, leaseMs: 60_000, limit: 1, ids: [receiptId] });
    if (!row) throw new Error('not claimed');
    await recordMail(db.db, row, {
      done: [{ address: 'sender@example.org', status: 'sent' }],
      remaining: [],
      retryAt: now,
      now,
    });
    const rcpts = await db.db
      .select()
      .from(messageRecipients)
      .where(eq(messageRecipients.messageId, messageId));
    expect(rcpts.map((r) => r.status)).toEqual(['queued']);
    expect(await db.db.select().from(outbox).where(eq(outbox.id, receiptId))).toEqual([]);
  });
});
