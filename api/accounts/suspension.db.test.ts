import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/outbox';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { acceptAll } from '../delivery/memory-transport';
import { createAccount } from './accounts';
import { createApiKey } from './api-keys';
import { suspendAccount, unsuspendAccount } from './suspension';

// Suspension (issue 13): nothing is sent for a suspended account, and its logins, sessions and keys
// are refused with the operator's reason in plain words; unsuspend lets it in again.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const password = 'correct horse battery';
const reason = 'Recipients reported phishing mails';

async function user(email: string) {
  const acc = await createAccount(t.database.db, { email, password, name: 'Dr. S', plan: 'free' });
  const { apiKey } = await createApiKey(t.database.db, acc.id, 'test', t.clock.now());
  const login = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  const { token } = (await login.json()) as { token: string };
  return { ...acc, apiKey, token };
}

const login = (email: string, pw = password) =>
  t.request('/v1/auth/login', { method: 'POST', json: { email, password: pw } });
const send = (token: string) =>
  t.request('/v1/messages', {
    method: 'POST',
    token,
    json: { to: ['k.becker@example.org'], text: 'Befund' },
  });

async function expectSuspended(res: Response) {
  expect(res.status).toBe(403);
  const body = (await res.json()) as { type: string; detail: string };
  expect(body.type).toBe('urn:vertraulich:problem:suspended');
  expect(body.detail).toContain(`Reason: ${reason}`);
}

describe('a suspended account', () => {
  it('sends nothing and is refused at login, with its session and its key, with the reason', async () => {
    const u = await user('gesperrt@praxis.example');
    await suspendAccount(t.database.db, u.email, reason, t.clock.now());
    const relayed = t.mail.sent.length;
    await expectSuspended(await send(u.apiKey));
    await expectSuspended(await send(u.token));
    await expectSuspended(await t.request('/v1/account', { token: u.token }));
    await expectSuspended(await login(u.email));
    expect(t.mail.sent.length).toBe(relayed);
    // A wrong password learns nothing about the suspension.
    expect((await login(u.email, 'wrong password here')).status).toBe(401);

    await unsuspendAccount(t.database.db, u.email, t.clock.now());
    expect((await login(u.email)).status).toBe(200);
    expect((await send(u.apiKey)).status).toBe(201);
  });
});

describe('the queued mail of a suspended account', () => {
  it('is held, not lost, while suspended, and delivered after unsuspend', async () => {
    const u = await user('haengend@praxis.example');
    t.mail.respondWith(() => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
    });
    const res = await send(u.apiKey);
    expect(res.status).toBe(201);
    const { id, status } = (await res.json()) as { id: string; status: string };
    expect(status).toBe('queued');
    const rows = () => t.database.db.select().from(outbox).where(eq(outbox.messageId, id));
    // The failed first attempt is recorded: the row waits for its retry.
    await expect.poll(async () => (await rows())[0]?.lastError ?? null).not.toBeNull();

    await suspendAccount(t.database.db, u.email, reason, t.clock.now());
    t.mail.respondWith(acceptAll);
    t.clock.advance(2 * 60 * 60_000);
    // Due by its time, but held: not claimed, not counted as due, still there.
    const claim = await t.deps.outbox.claimDue(t.clock.now(), 100);
    expect(claim.jobs.filter((j) => j.messageId === id)).toEqual([]);
    const due = await t.deps.outbox.nextDue();
    expect(due === undefined || due.getTime() > t.clock.now().getTime()).toBe(true);
    expect(await rows()).toHaveLength(1);

    await unsuspendAccount(t.database.db, u.email, t.clock.now());
    const relayed = t.mail.sent.length;
    t.deps.worker.start();
    await t.mail.waitFor(relayed + 1);
    await expect
      .poll(
        async () =>
          ((await (await t.request(`/v1/messages/${id}`, { token: u.apiKey })).json()) as { status: string })
            .status,
      )
      .toBe('sent');
    expect(await rows()).toEqual([]);
  });
});
