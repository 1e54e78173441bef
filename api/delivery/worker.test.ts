import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../test/helpers/clock';
import { silentLogger } from '../log';
import { createMemoryOutbox, type MemoryOutbox } from '../outbox/memory-outbox';
import type { MailResult, SmsResult } from '../outbox/outbox';
import { createSecretBox } from '../secrets/secret-box';
import { createMemorySmsSender } from '../sms/memory-sender';
import { createMemoryTransport, neverAnswer } from './memory-transport';
import type { SendOutcome } from './transport';
import { createDeliveryWorker, type DeliveryWorker, type WorkerOptions } from './worker';

// The delivery worker on in-memory fakes (outbox, relay, Twilio) and a clock the test moves: what
// it does with each answer (deliver, retry with backoff, give up), the leases it holds, and what
// happens when an instance dies mid-attempt. The database side is in api/outbox/db-outbox.db.test.ts.

const options: Partial<WorkerOptions> = {
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 3,
  maxAgeMs: 24 * 60 * 60_000,
};

function smtpError(responseCode: number, response = `${responseCode} test`): Error {
  return Object.assign(new Error(response), { responseCode, response, code: 'EENVELOPE' });
}

function rig(outbox: MemoryOutbox = createMemoryOutbox({ leaseMs: 30_000 }), clock = createClock()) {
  const transport = createMemoryTransport();
  const sms = createMemorySmsSender();
  const secrets = createSecretBox(randomBytes(32));
  const worker = createDeliveryWorker({
    outbox,
    transport,
    sms,
    secrets,
    log: silentLogger(),
    now: clock.now,
    options,
    random: () => 0.5,
  });
  workers.push(worker);
  const mail = async (to: string[], raw = 'Message-ID: <m1@vertraulich>\r\n\r\nsealed') => {
    const [id] = await outbox.enqueue(
      undefined as never,
      [{ kind: 'mail', messageId: 'msg_1', sealed: Buffer.from(raw), from: 'noreply@x', to }],
      clock.now(),
    );
    return id ?? '';
  };
  const text = async (to: string) => {
    const smsId = `sms_${randomBytes(4).toString('hex')}`;
    const [id] = await outbox.enqueue(
      undefined as never,
      [{ kind: 'sms', messageId: 'msg_1', smsId, to, bodyEnc: secrets.encrypt('Passwort: abc', smsId) }],
      clock.now(),
    );
    return id ?? '';
  };
  const mailRecords = () =>
    outbox.records.flatMap((r) => (r.kind === 'mail' ? [r.result] : [])) satisfies MailResult[];
  const smsRecords = () =>
    outbox.records.flatMap((r) => (r.kind === 'sms' ? [r.result] : [])) satisfies SmsResult[];
  return { outbox, clock, transport, sms, worker, mail, text, mailRecords, smsRecords };
}

const workers: DeliveryWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

describe('delivery worker: mail', () => {
  it('delivers a new message at once and records each recipient sent with the relay reply', async () => {
    const r = rig();
    const id = await r.mail(['a@example.org', 'b@example.org']);
    await r.worker.deliverNow([id]);
    expect(r.transport.sent.map((m) => m.envelope.to)).toEqual([['a@example.org', 'b@example.org']]);
    expect(r.mailRecords()).toEqual([
      expect.objectContaining({
        done: [
          { address: 'a@example.org', status: 'sent', reply: '250 2.0.0 queued in memory' },
          { address: 'b@example.org', status: 'sent', reply: '250 2.0.0 queued in memory' },
        ],
        remaining: [],
      }),
    ]);
    expect(r.outbox.entries.size).toBe(0);
  });

  it('retries a 451 after the backoff, with the same bytes', async () => {
    const r = rig();
    const id = await r.mail(['later@example.org']);
    r.transport.respondWith(() => {
      throw smtpError(451, '451 4.7.1 greylisted');
    });
    await r.worker.deliverNow([id]);
    const [first] = r.mailRecords();
    expect(first?.remaining).toEqual(['later@example.org']);
    expect(first?.lastError).toBe('SMTP 451 (EENVELOPE)');
    // Backoff after the first attempt: the base delay (jitter fixed at the middle).
    expect(first?.retryAt.getTime()).toBe(r.clock.now().getTime() + 30_000);
    expect(r.outbox.entries.get(id)?.nextAttemptAt.getTime()).toBe(r.clock.now().getTime() + 30_000);

    r.transport.respondWith((envelope) => ({ accepted: envelope.to, rejected: [], reference: 'q1' }));
    r.worker.start();
    r.clock.advance(30_000);
    r.worker.kick();
    const [delivered] = await r.transport.waitFor(1);
    expect(delivered?.raw.toString()).toContain('Message-ID: <m1@vertraulich>');
    await expect.poll(() => r.outbox.entries.size).toBe(0);
    expect(r.transport.calls).toBe(2);
  });

  it('fails a recipient for good on 550 and keeps trying the one deferred with 452', async () => {
    const r = rig();
    const id = await r.mail(['gone@example.org', 'full@example.org', 'ok@example.org']);
    r.transport.respondWith(
      (envelope): SendOutcome => ({
        accepted: envelope.to.filter((a) => a.startsWith('ok')),
        rejected: [
          {
            address: 'gone@example.org',
            failure: { kind: 'permanent', responseCode: 550, reason: 'SMTP 550' },
          },
          {
            address: 'full@example.org',
            failure: { kind: 'retryable', responseCode: 452, reason: 'SMTP 452' },
          },
        ],
        reference: 'q',
      }),
    );
    await r.worker.deliverNow([id]);
    const [rec] = r.mailRecords();
    expect(rec?.done.map((d) => [d.address, d.status])).toEqual([
      ['ok@example.org', 'sent'],
      ['gone@example.org', 'failed'],
    ]);
    expect(rec?.remaining).toEqual(['full@example.org']);
    expect(r.outbox.entries.get(id)?.job).toMatchObject({ to: ['full@example.org'] });
  });

  it('gives up after the last attempt and fails every recipient left', async () => {
    const r = rig();
    const id = await r.mail(['never@example.org']);
    r.transport.respondWith(() => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    await r.worker.deliverNow([id]);
    r.worker.start();
    for (const attempt of [2, 3]) {
      r.clock.advance(60 * 60_000);
      r.worker.kick();
      await expect.poll(() => r.mailRecords().length).toBe(attempt);
    }
    expect(r.mailRecords().map((m) => m.remaining)).toEqual([
      ['never@example.org'],
      ['never@example.org'],
      [],
    ]);
    expect(r.mailRecords().at(-1)?.done).toEqual([
      { address: 'never@example.org', status: 'failed', error: 'ECONNREFUSED' },
    ]);
    expect(r.outbox.entries.size).toBe(0);
    expect(r.transport.calls).toBe(3);
  });
});

describe('delivery worker: SMS', () => {
  it('sends the sealed text to the phone and records the provider id', async () => {
    const r = rig();
    const id = await r.text('+4917055555555');
    await r.worker.deliverNow([id]);
    expect(r.sms.sent).toEqual([{ to: '+4917055555555', body: 'Passwort: abc' }]);
    expect(r.smsRecords()).toEqual([expect.objectContaining({ status: 'sent', providerRef: 'SMmemory1' })]);
  });

  it.each([
    ['Twilio 503', { status: 503 }, 'retry'],
    ['Twilio 429', { status: 429, code: 20429 }, 'retry'],
    ['network trouble', { code: 'ECONNRESET' }, 'retry'],
    ["21211 invalid 'To'", { status: 400, code: 21211 }, 'failed'],
  ])('on %s: %s', async (_name, props, status) => {
    const r = rig();
    const id = await r.text('+4917055555555');
    r.sms.respondWith(() => {
      throw Object.assign(new Error('twilio says no'), props);
    });
    await r.worker.deliverNow([id]);
    expect(r.smsRecords().map((x) => x.status)).toEqual([status]);
    expect(r.outbox.entries.has(id)).toBe(status === 'retry');
  });

  it('does not take a database error after Twilio took the SMS for a failed SMS (no second text)', async () => {
    const r = rig();
    const id = await r.text('+4917055555555');
    const record = r.outbox.recordSms;
    r.outbox.recordSms = async () => {
      throw new Error('connection terminated');
    };
    await r.worker.deliverNow([id]);
    r.outbox.recordSms = record;
    expect(r.sms.attempts).toHaveLength(1);
    // The job stays leased: once the lease runs out it is tried again (at least once).
    expect(r.outbox.entries.get(id)?.leasedBy).toBe(r.outbox.owner);
  });
});

describe('delivery worker: leases', () => {
  it("makes the first attempt only of its own reserved jobs, never another instance's", async () => {
    const a = rig();
    const b = rig(a.outbox.instance('wrk_b'), a.clock);
    const id = await a.mail(['a@example.org']);
    await b.worker.deliverNow([id]);
    expect(b.transport.calls).toBe(0);
    await a.worker.deliverNow([id]);
    expect(a.transport.sent).toHaveLength(1);
  });

  it('renews the lease while an attempt runs, and another instance retakes the job 30 s after the worker died', async () => {
    const outbox = createMemoryOutbox({ leaseMs: 30_000, owner: 'wrk_a' });
    const clock = createClock();
    // Instance a: its relay takes the connection and never answers. Not stopped in afterEach:
    // like a killed process it just stops renewing.
    const a = rig(outbox, clock);
    workers.pop();
    a.transport.respondWith(neverAnswer);
    const b = rig(outbox.instance('wrk_b'), clock);
    const raw = 'Message-ID: <once@vertraulich>\r\n\r\nsealed';
    const id = await a.mail(['slow@example.org'], raw);
    void a.worker.deliverNow([id]);
    await expect.poll(() => a.transport.calls).toBe(1);

    // Heartbeats at 20 s and 40 s keep the job a's past its first lease.
    clock.advance(20_000);
    await a.worker.renewLeases();
    clock.advance(20_000);
    await a.worker.renewLeases();
    clock.advance(29_999);
    expect((await b.outbox.claimDue(clock.now(), 10)).jobs).toEqual([]);

    // a is dead (no heartbeat after 40 s): at 70 s b takes the job and delivers the same bytes.
    b.worker.start();
    clock.advance(1);
    b.worker.kick();
    const [delivered] = await b.transport.waitFor(1);
    expect(delivered?.raw.toString()).toBe(raw);
    await expect.poll(() => outbox.entries.size).toBe(0);
    expect(b.mailRecords()[0]?.done).toEqual([
      { address: 'slow@example.org', status: 'sent', reply: '250 2.0.0 queued in memory' },
    ]);
  });
});
