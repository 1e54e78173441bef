import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { testDatabaseKind } from '../../test/helpers/db';
import { recordStatements } from '../../test/helpers/statement-log';
import { createAccount } from '../accounts/accounts';
import { createApiKey } from '../accounts/api-keys';

// Issue 15: the statements one POST /v1/messages sends to the database, from the request to its 201
// after the first delivery attempt (small message, one recipient, API key). Each is a round trip
// to PostgreSQL, and on PGlite six calls into WASM on the one connection every request shares.

describe('one message sent through the API', () => {
  let t: TestApp;
  let apiKey: string;
  beforeAll(async () => {
    t = await createTestApp({ firstAttemptWaitMs: 10_000 });
    const account = await createAccount(t.deps.db, { email: 'praxis@example.org', plan: 'paid' });
    apiKey = (await createApiKey(t.deps.db, account.id, 'test', t.clock.now())).apiKey;
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = () =>
    t.request('/v1/messages', {
      method: 'POST',
      token: apiKey,
      json: { to: ['a@example.org'], subject: 'Befund', text: 'Werte unauffällig' },
    });

  it('takes at most 14 SQL statements, the first delivery attempt included', async () => {
    // The first send pays once for what any first query does (PGlite reads its array types).
    expect((await send()).status).toBe(201);
    const log = recordStatements();
    let status: string | undefined;
    try {
      const res = await send();
      expect(res.status).toBe(201);
      status = ((await res.json()) as { status: string }).status;
    } finally {
      log.stop();
    }
    expect(status).toBe('sent');
    // 33 before issue 15: two transactions of single-row statements, the outbox claimed in a
    // transaction of its own, every part of the message read back for the answer.
    const listing = `${testDatabaseKind()}:\n${log.statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 120)).join('\n')}`;
    expect(log.statements.length, listing).toBeLessThanOrEqual(14);
  });
});
