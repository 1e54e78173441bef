import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFailures } from '../../db/schema/login-failures';
import { loginLocks } from '../../db/schema/login-locks';
import { sessions } from '../../db/schema/sessions';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { sweepExpired } from './housekeeping';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('sweepExpired', () => {
  it('removes expired sessions, old failures and run-out locks, and nothing still in force', async () => {
    const email = 'sweep@example.org';
    const password = 'a long sweep password';
    await t.request('/v1/accounts', { method: 'POST', json: { email, password } });
    for (let i = 0; i < 5; i++) {
      await t.request('/v1/auth/login', { method: 'POST', json: { email, password: `wrong ${i}` } });
    }
    t.clock.advance(16 * 60_000);
    const login = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
    const { token } = (await login.json()) as { token: string };
    await t.request('/v1/auth/login', { method: 'POST', json: { email, password: 'one fresh failure' } });

    expect(await sweepExpired(t.database.db, t.clock.now())).toEqual({ sessions: 0, failures: 0, locks: 1 });
    expect(await t.database.db.select().from(loginLocks)).toEqual([]);
    // The failures before the successful login were cleared by it; the fresh one stays.
    expect(await t.database.db.select().from(loginFailures)).toHaveLength(1);
    expect((await t.request('/v1/account', { token })).status).toBe(200);

    t.clock.advance(13 * 60 * 60_000);
    expect(await sweepExpired(t.database.db, t.clock.now())).toEqual({ sessions: 1, failures: 1, locks: 0 });
    expect(await t.database.db.select().from(sessions)).toEqual([]);
  });
});
