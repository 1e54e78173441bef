import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { createApiKey } from '../api/accounts/api-keys';
import { sweepExpired } from '../api/accounts/housekeeping';
import { loadConfig } from '../api/config';
import { SEALED_RETENTION_MS } from '../api/messages/sealed-copies';
import { accounts } from '../db/schema/accounts';
import { sealedCopies } from '../db/schema/sealed-copies';
import { createTestApp, type TestApp } from './helpers/app';

// "Send again" (issue 19): a recipient whose mail system removed the attachments asks the sender,
// who sends the same sealed mail again from the history: the very bytes of the first mail (so the
// same ZIP, PDF and password), to the same recipients, for 30 days; then it is refused in plain words.

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('POST /v1/messages/{id}/resend', () => {
  let t: TestApp;
  let sender: { apiKey: string };
  let other: { apiKey: string };

  async function account(email: string) {
    const acc = await createAccount(t.database.db, { email, name: 'Praxis Dr. Müller', plan: 'paid' });
    return { apiKey: (await createApiKey(t.database.db, acc.id, 'test', t.clock.now())).apiKey };
  }

  beforeAll(async () => {
    t = await createTestApp();
    sender = await account('praxis@example.org');
    other = await account('andere@example.org');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends the very same sealed mail again to the same recipients, for its sender only, until the copy expires', async () => {
    const sent = await t.request('/v1/messages', {
      method: 'POST',
      token: sender.apiKey,
      json: { to: ['a@example.org'], cc: ['b@example.org'], subject: 'Befund', text: 'Kalium 4,2 mmol/l' },
    });
    expect(sent.status).toBe(201);
    const { id } = (await sent.json()) as { id: string };
    await expect.poll(() => t.mail.sent.length).toBe(1);
    const first = t.mail.sent[0];
    if (!first) throw new Error('no first mail');
    const proof = (await (await t.request(`/v1/messages/${id}/proof`, { token: sender.apiKey })).json()) as {
      sealed: { sha256: string };
    };
    expect(sha256(first.raw)).toBe(proof.sealed.sha256);

    // Another account's attempt: as if there were no such message.
    const foreign = await t.request(`/v1/messages/${id}/resend`, { method: 'POST', token: other.apiKey });
    expect(foreign.status).toBe(404);
    expect(t.mail.sent).toHaveLength(1);

    t.clock.advance(3 * 24 * 60 * 60_000);
    const again = await t.request(`/v1/messages/${id}/resend`, { method: 'POST', token: sender.apiKey });
    expect(again.status).toBe(202);
    const view = (await again.json()) as {
      status: string;
      recipients: { address: string; status: string }[];
    };
    await expect.poll(() => t.mail.sent.length).toBe(2);
    const second = t.mail.sent[1];
    if (!second) throw new Error('no second mail');
    // Byte for byte the first mail: same ZIP, PDF, cover, password and Message-ID; the proof's hash holds.
    expect(second.raw.equals(first.raw)).toBe(true);
    expect(sha256(second.raw)).toBe(proof.sealed.sha256);
    expect([...second.envelope.to].sort()).toEqual(['a@example.org', 'b@example.org']);
    expect(second.envelope.from).toBe(first.envelope.from);
    expect(view.recipients.map((r) => r.address).sort()).toEqual(['a@example.org', 'b@example.org']);
    await expect
      .poll(async () => {
        const m = (await (await t.request(`/v1/messages/${id}`, { token: sender.apiKey })).json()) as {
          status: string;
        };
        return m.status;
      })
      .toBe('sent');

    // Past the retention, the housekeeping sweep removes the copy, and a resend is refused in plain words.
    t.clock.advance(SEALED_RETENTION_MS);
    expect(await sweepExpired(t.database.db, t.clock.now())).toMatchObject({ sealedCopies: 1 });
    const late = await t.request(`/v1/messages/${id}/resend`, { method: 'POST', token: sender.apiKey });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { detail: string }).detail).toMatch(/30 days.*send a new message/);
    expect(t.mail.sent).toHaveLength(2);
  });

  it('goes with its message when the account is deleted', async () => {
    const acc = await createAccount(t.database.db, { email: 'weg@example.org', plan: 'paid' });
    const key = (await createApiKey(t.database.db, acc.id, 'test', t.clock.now())).apiKey;
    const sent = await t.request('/v1/messages', {
      method: 'POST',
      token: key,
      json: { to: ['c@example.org'], subject: 'x', text: 'y' },
    });
    const { id } = (await sent.json()) as { id: string };
    expect(
      await t.database.db.select().from(sealedCopies).where(eq(sealedCopies.messageId, id)),
    ).toHaveLength(1);
    await t.database.db.delete(accounts).where(eq(accounts.id, acc.id));
    expect(await t.database.db.select().from(sealedCopies).where(eq(sealedCopies.messageId, id))).toEqual([]);
  });
});

describe('a resend and the daily message quota', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vertraulich-resend-'));
    t = await createTestApp({
      config: loadConfig({
        DATA_DIR: dir,
        LIMIT_MESSAGES_PER_DAY_PAID: '2',
        LIMIT_SIGNUPS_PER_IP_PER_HOUR: '1000',
      }),
    });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a resend like a message of its own', async () => {
    const acc = await createAccount(t.database.db, { email: 'quota@example.org', plan: 'paid' });
    const token = (await createApiKey(t.database.db, acc.id, 'test', t.clock.now())).apiKey;
    const send = () =>
      t.request('/v1/messages', {
        method: 'POST',
        token,
        json: { to: ['d@example.org'], subject: 's', text: 't' },
      });
    const first = await send();
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect((await t.request(`/v1/messages/${id}/resend`, { method: 'POST', token })).status).toBe(202);
    // Two of two for today: neither another resend nor a new message goes out.
    const again = await t.request(`/v1/messages/${id}/resend`, { method: 'POST', token });
    expect(again.status).toBe(429);
    expect(((await again.json()) as { detail: string }).detail).toMatch(/2 messages in the last 24 hours/);
    expect((await send()).status).toBe(429);
    // A day later, the quota is free again.
    t.clock.advance(24 * 60 * 60_000 + 1000);
    expect((await t.request(`/v1/messages/${id}/resend`, { method: 'POST', token })).status).toBe(202);
  });
});
