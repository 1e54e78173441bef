import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { createApiKey } from '../api/accounts/api-keys';
import { type Config, loadConfig } from '../api/config';
import { type AppContext, closeContext, createContext } from '../api/context';
import type { WorkerOptions } from '../api/delivery/worker';
import { createApp } from '../api/http/app';
import { silentLogger } from '../api/log';
import { type DatabaseHandle, openDatabase } from '../db/client';
import { outbox } from '../db/schema/outbox';
import { createTestDatabase, seedPgliteDataDir, type TestDatabase, testDatabaseKind } from './helpers/db';
import { extractWith7z, parseSealed } from './helpers/sealed';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from './helpers/twilio-stand-in';

// Delivery loses nothing: with the relay down and Twilio failing, messages are accepted as
// `queued`; the service is stopped and started again on the same database (a new process would see
// just this), and once relay and Twilio are back everything arrives exactly once.

const fastRetries = {
  baseDelayMs: 200,
  maxDelayMs: 800,
  pollMs: 100,
  maxAttempts: 1000,
  maxAgeMs: 3_600_000,
};

async function outboxSize(handle: DatabaseHandle): Promise<number> {
  return (await handle.db.select({ id: outbox.id }).from(outbox)).length;
}

interface Instance {
  handle: DatabaseHandle;
  context: AppContext;
  request(p: string, init?: { method?: string; json?: unknown; token: string }): Promise<Response>;
  stop(): Promise<void>;
}

describe('delivery across an outage and a restart', () => {
  let sink: SmtpSink;
  let twilio: TwilioStandIn;
  let dataDir: string;
  let config: Config;
  let testDb: TestDatabase | undefined;

  async function open(): Promise<DatabaseHandle> {
    const handle = testDb?.url
      ? await openDatabase({ dataDir, databaseUrl: testDb.url })
      : await openDatabase({ dataDir, databaseUrl: undefined });
    await handle.migrate();
    return handle;
  }

  /** One service instance; with `shared`, on another instance's database handle (PGlite has one per directory). */
  async function start(
    shared?: DatabaseHandle,
    retries: Partial<WorkerOptions> = fastRetries,
  ): Promise<Instance> {
    const handle = shared ?? (await open());
    const log = silentLogger();
    const now = () => new Date();
    const context = await createContext({
      config,
      db: handle.db,
      log,
      now,
      worker: retries,
      firstAttemptWaitMs: 2000,
    });
    context.worker.start();
    const app = createApp(context);
    return {
      handle,
      context,
      request: (p, init) =>
        Promise.resolve(
          app.request(p, {
            method: init?.method ?? 'GET',
            headers: { authorization: `Bearer ${init?.token}`, 'content-type': 'application/json' },
            body: init?.json === undefined ? undefined : JSON.stringify(init.json),
          }),
        ),
      async stop() {
        await closeContext(context);
        if (!shared) await handle.close();
      },
    };
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    twilio = await startTwilioStandIn();
    dataDir = await mkdtemp(path.join(tmpdir(), 'vertraulich-outage-'));
    // PostgreSQL: a database of its own that outlives each connection; PGlite: a data directory.
    if (testDatabaseKind() === 'postgres') testDb = await createTestDatabase();
    else await seedPgliteDataDir(dataDir);
    config = loadConfig({
      DATA_DIR: dataDir,
      SEAL_WORKERS: '1',
      SMTP_URL: sink.url,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: twilio.baseUrl,
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(async () => {
    await sink?.close();
    await twilio?.close();
    await testDb?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('queues while the relay is down and delivers each message once after a restart', async () => {
    await sink.stop();
    twilio.fail({ status: 503 });
    const first = await start();
    const acc = await createAccount(first.handle.db, {
      email: 'praxis@example.org',
      name: 'Praxis Weber',
      plan: 'paid',
    });
    const { apiKey } = await createApiKey(first.handle.db, acc.id, 'test', new Date());
    const sent: { id: string; password: string; status: string; recipients: { status: string }[] }[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await first.request('/v1/messages', {
        method: 'POST',
        token: apiKey,
        json: {
          to: [`patient${i}@example.org`],
          subject: `Befund ${i}`,
          text: `Wert ${i}`,
          sms: [`0170 555555${i}`],
        },
      });
      expect(res.status).toBe(201);
      sent.push(await res.json());
    }
    expect(sent.map((s) => s.status)).toEqual(['queued', 'queued', 'queued']);
    expect(sent.flatMap((s) => s.recipients.map((r) => r.status))).toEqual(['queued', 'queued', 'queued']);
    // What waits in the outbox is sealed: neither the passwords (the SMS text) nor the content in clear.
    const waiting = JSON.stringify(await first.handle.db.execute('select * from outbox'));
    expect(waiting).toContain('sms');
    for (const s of sent) expect(waiting).not.toContain(s.password);
    expect(waiting).not.toContain('Befund');
    await first.stop();
    expect(sink.messages).toHaveLength(0);
    expect(twilio.requests).toHaveLength(0);

    await sink.start();
    twilio.succeed();
    const second = await start();
    try {
      await sink.waitFor(3, 30_000);
      await twilio.waitFor(3, 30_000);
      for (const s of sent) {
        await expect
          .poll(
            async () => {
              const res = await second.request(`/v1/messages/${s.id}`, { token: apiKey });
              return ((await res.json()) as { status: string }).status;
            },
            { timeout: 30_000 },
          )
          .toBe('sent');
      }
      // The definite end: nothing left in the outbox, so nothing more can be sent.
      await expect.poll(() => outboxSize(second.handle), { timeout: 30_000 }).toBe(0);
      expect(sink.messages.map((m) => m.to[0]).sort()).toEqual([
        'patient0@example.org',
        'patient1@example.org',
        'patient2@example.org',
      ]);
      expect(twilio.requests.map((r) => r.to).sort()).toEqual([
        '+491705555550',
        '+491705555551',
        '+491705555552',
      ]);
      const mail = sink.messages.find((m) => m.to[0] === 'patient1@example.org');
      const files = await extractWith7z(
        (await parseSealed(mail?.raw ?? Buffer.alloc(0))).zip,
        sent[1]?.password ?? '',
      );
      expect([...files.values()].some((b) => b.toString('utf8').includes('Wert 1'))).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('marks a recipient failed for good on 550, and retries a 451 until it is accepted', async () => {
    const inst = await start();
    try {
      const acc = await createAccount(inst.handle.db, {
        email: 'kanzlei@example.org',
        name: 'Kanzlei',
        plan: 'free',
      });
      const { apiKey } = await createApiKey(inst.handle.db, acc.id, 'test', new Date());
      sink.reject(550, { recipients: ['gone@example.org'] });
      const refused = await (
        await inst.request('/v1/messages', {
          method: 'POST',
          token: apiKey,
          json: { to: ['gone@example.org'], text: 'x' },
        })
      ).json();
      expect(refused).toMatchObject({
        status: 'failed',
        recipients: [{ address: 'gone@example.org', status: 'failed' }],
      });

      sink.reject(451);
      const before = sink.messages.length;
      const deferred = await (
        await inst.request('/v1/messages', {
          method: 'POST',
          token: apiKey,
          json: { to: ['later@example.org'], text: 'y' },
        })
      ).json();
      expect(deferred).toMatchObject({ status: 'queued' });
      sink.accept();
      await sink.waitFor(before + 1, 20_000);
      expect(sink.messages.at(-1)?.to).toEqual(['later@example.org']);
    } finally {
      sink.accept();
      await inst.stop();
    }
  });
  it('delivers each message exactly once when two instances share the database', async () => {
    await sink.stop();
    const a = await start();
    // PostgreSQL: a second connection pool, as a second process would have; PGlite: the same handle.
    const b = await start(testDb ? undefined : a.handle);
    try {
      const acc = await createAccount(a.handle.db, { email: 'zwei@example.org', name: 'Zwei', plan: 'free' });
      const { apiKey } = await createApiKey(a.handle.db, acc.id, 'test', new Date());
      const before = sink.messages.length;
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await a.request('/v1/messages', {
          method: 'POST',
          token: apiKey,
          json: { to: [`shared${i}@example.org`], text: `n${i}` },
        });
        ids.push(((await res.json()) as { id: string }).id);
      }
      await sink.start();
      await sink.waitFor(before + 6, 30_000);
      await expect.poll(() => outboxSize(a.handle), { timeout: 30_000 }).toBe(0);
      const got = sink.messages.slice(before).map((m) => m.to[0]);
      expect(got.sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `shared${i}@example.org`));
    } finally {
      await b.stop();
      await a.stop();
    }
  });
  it('gives up after the last attempt: recipients and SMS failed, nothing left in the outbox', async () => {
    await sink.stop();
    twilio.fail({ status: 503 });
    const inst = await start(undefined, { ...fastRetries, maxAttempts: 3 });
    try {
      const acc = await createAccount(inst.handle.db, {
        email: 'aufgabe@example.org',
        name: 'Aufgabe',
        plan: 'paid',
      });
      const { apiKey } = await createApiKey(inst.handle.db, acc.id, 'test', new Date());
      const res = await inst.request('/v1/messages', {
        method: 'POST',
        token: apiKey,
        json: { to: ['never@example.org'], text: 'z', sms: ['0170 5555559'] },
      });
      const { id } = (await res.json()) as { id: string };
      type View = { status: string; recipients: { status: string }[]; sms: { status: string }[] };
      const view = async () =>
        (await (await inst.request(`/v1/messages/${id}`, { token: apiKey })).json()) as View;
      await expect.poll(async () => (await view()).status, { timeout: 30_000 }).not.toBe('queued');
      expect(await view()).toMatchObject({
        status: 'failed',
        recipients: [{ status: 'failed' }],
        sms: [{ status: 'failed' }],
      });
      expect(twilio.attempts.filter((a) => a.to === '+491705555559')).toHaveLength(3);
      expect(await outboxSize(inst.handle)).toBe(0);
    } finally {
      twilio.succeed();
      await sink.start();
      await inst.stop();
    }
  });
});
