import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../db/schema/accounts';
import { newId } from '../../db/schema/columns';
import { messageRecipients } from '../../db/schema/message-recipients';
import { messages } from '../../db/schema/messages';
import { createClock } from '../../test/helpers/clock';
import { createTestDatabase, queryRows, type TestDatabase } from '../../test/helpers/db';
import type { AppContext } from '../context';
import { silentLogger } from '../log';
import { createDbOutbox } from '../outbox/db-outbox';
import { createSecretBox } from '../secrets/secret-box';
import { createMemorySmsSender } from '../sms/memory-sender';
import { createMemoryTransport, neverAnswer } from './memory-transport';
import { deliveryService } from './service';
import { createDeliveryWorker } from './worker';

// Issue 16 "crash recovery in seconds": a worker dies mid-attempt (its relay never answers, the
// instance is never stopped) and another instance on the same database takes the job once the
// lease runs out: about 30 s, measured on a clock the test moves. On the embedded database the
// restarted service takes back its own leases at start-up, at once. Mail stays at-least-once with
// the same bytes, so a duplicate carries the same Message-ID.

const secrets = createSecretBox(randomBytes(32));
const raw = 'Message-ID: <crash@vertraulich>\r\nSubject: sealed\r\n\r\nsealed';

describe('a worker killed mid-attempt', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  function instance(name: string, clock: ReturnType<typeof createClock>) {
    const outbox = createDbOutbox(db.db, { owner: `wrk_${name}` });
    const transport = createMemoryTransport();
    const worker = createDeliveryWorker({
      outbox,
      transport,
      sms: createMemorySmsSender(),
      secrets,
      log: silentLogger(),
      now: clock.now,
      options: { pollMs: 50 },
    });
    return { outbox, transport, worker };
  }

  async function stored(by: ReturnType<typeof instance>, now: Date): Promise<string> {
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
      sealedMessageId: '<crash@vertraulich>',
      language: 'de',
    });
    await db.db
      .insert(messageRecipients)
      .values({ id: newId('rcp'), messageId, kind: 'to', address: 'p@example.org' });
    const [id] = await by.outbox.enqueue(
      db.db,
      [{ kind: 'mail', messageId, sealed: Buffer.from(raw), from: 'n@x', to: ['p@example.org'] }],
      now,
    );
    return id ?? '';
  }

  const outboxHas = async (id: string) =>
    (await queryRows(db.db, sql`select 1 from outbox where id = ${id}`)).length > 0;

  it('is retaken by another instance 30 s after its last heartbeat, and delivered with the same bytes', async () => {
    const clock = createClock();
    const a = instance('a', clock);
    const b = instance('b', clock);
    a.transport.respondWith(neverAnswer);
    const id = await stored(a, clock.now());
    void a.worker.deliverNow([id]);
    await expect.poll(() => a.transport.calls).toBe(1);
    const killedAt = clock.now().getTime();
    // a dies here: no heartbeat after this, never stopped. b polls meanwhile.
    b.worker.start();
    try {
      clock.advance(29_999);
      expect((await b.outbox.claimDue(clock.now(), 10)).jobs).toEqual([]);
      clock.advance(1);
      b.worker.kick();
      const [mail] = await b.transport.waitFor(1);
      expect(mail?.raw.toString()).toBe(raw);
      expect(clock.now().getTime() - killedAt).toBeLessThanOrEqual(60_000);
      await expect.poll(() => outboxHas(id)).toBe(false);
    } finally {
      await b.worker.stop();
    }
  });

  it('is taken back at once when the service restarts on the embedded database', async () => {
    const clock = createClock();
    const dead = instance('dead', clock);
    dead.transport.respondWith(neverAnswer);
    const id = await stored(dead, clock.now());
    void dead.worker.deliverNow([id]);
    await expect.poll(() => dead.transport.calls).toBe(1);

    // The restarted process: the same database, a new owner, the clock one second on.
    clock.advance(1000);
    const next = instance('next', clock);
    const deps = { ...next, now: clock.now, sms: createMemorySmsSender() } as unknown as AppContext;
    const running = await deliveryService.start({
      config: undefined as never,
      deps,
      handle: { ...db, kind: 'pglite' },
      log: silentLogger(),
    });
    try {
      const [mail] = await next.transport.waitFor(1);
      expect(mail?.raw.toString()).toBe(raw);
      await expect.poll(() => outboxHas(id)).toBe(false);
    } finally {
      await running.stop();
    }
  });
});
