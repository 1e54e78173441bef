import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginFailures } from '../../db/schema/login-failures';
import { loginLocks } from '../../db/schema/login-locks';
import { sessions } from '../../db/schema/sessions';
import { signupAttempts } from '../../db/schema/signup-attempts';
import { verificationTokens } from '../../db/schema/verification-tokens';
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

    expect(await sweepExpired(t.database.db, t.clock.now())).toMatchObject({
      sessions: 0,
      failures: 0,
      locks: 1,
    });
    expect(await t.database.db.select().from(loginLocks)).toEqual([]);
    // The failures before the successful login were cleared by it; the fresh one stays.
    expect(await t.database.db.select().from(loginFailures)).toHaveLength(1);
    expect((await t.request('/v1/account', { token })).status).toBe(200);

    t.clock.advance(13 * 60 * 60_000);
    expect(await sweepExpired(t.database.db, t.clock.now())).toMatchObject({
      sessions: 1,
      failures: 1,
      locks: 0,
    });
    expect(await t.database.db.select().from(sessions)).toEqual([]);
  });

  it('removes sign-ups past their hour and links past their 48 hours, and nothing still in force', async () => {
    const signUp = (email: string) =>
      t.request('/v1/accounts', { method: 'POST', json: { email, password: 'a long sweep password' } });
    expect((await signUp('alt@example.org')).status).toBe(201);
    t.clock.advance(61 * 60_000);
    expect((await signUp('neu@example.org')).status).toBe(201);
    const first = await sweepExpired(t.database.db, t.clock.now());
    expect(first).toMatchObject({ signups: 1, links: 0 });
    expect(await t.database.db.select().from(signupAttempts)).toHaveLength(1);
    t.clock.advance(47 * 60 * 60_000);
    // The previous test's link (older) has run out too.
    expect(await sweepExpired(t.database.db, t.clock.now())).toMatchObject({ signups: 1, links: 2 });
    // The younger link still works until its own 48 hours are over.
    expect(await t.database.db.select().from(verificationTokens)).toHaveLength(1);
  });
});
