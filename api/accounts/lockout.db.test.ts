import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { lockPolicy, unlockAccount, unlockIp } from './lockout';
import { verifyLogin } from './login';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

let n = 0;
async function signUp() {
  n += 1;
  const email = `locked${n}-${Math.random().toString(36).slice(2)}@example.org`;
  const password = 'the right password';
  const res = await t.request('/v1/accounts', { method: 'POST', json: { email, password } });
  expect(res.status).toBe(201);
  return { email, password, id: ((await res.json()) as { id: string }).id };
}

function login(email: string, password: string, ip: string) {
  return t.request('/v1/auth/login', { method: 'POST', json: { email, password }, ip });
}

describe('account lock', () => {
  it('locks after 5 wrong passwords and then refuses the right one with 429 and Retry-After', async () => {
    const a = await signUp();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await login(a.email, `wrong guess ${i}`, '198.51.100.1')).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);

    const res = await login(a.email, a.password, '198.51.100.2');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(lockPolicy.lockMs / 1000);
  });

  it('lets the right password in again once the 15 minutes are over', async () => {
    const a = await signUp();
    for (let i = 0; i < 5; i++) await login(a.email, `wrong guess ${i}`, '198.51.100.3');
    t.clock.advance(14 * 60_000);
    expect((await login(a.email, a.password, '198.51.100.3')).status).toBe(429);
    t.clock.advance(60_000 + 1000);
    expect((await login(a.email, a.password, '198.51.100.3')).status).toBe(200);
  });

  it('does not lock for failures spread wider than the window', async () => {
    const a = await signUp();
    for (let i = 0; i < 8; i++) {
      expect((await login(a.email, `wrong guess ${i}`, '198.51.100.4')).status).toBe(401);
      t.clock.advance(4 * 60_000);
    }
    expect((await login(a.email, a.password, '198.51.100.4')).status).toBe(200);
  });

  it('leaves other accounts alone', async () => {
    const a = await signUp();
    const b = await signUp();
    for (let i = 0; i < 5; i++) await login(a.email, `wrong guess ${i}`, '198.51.100.5');
    expect((await login(b.email, b.password, '198.51.100.5')).status).toBe(200);
  });

  it('is lifted by support (unlockAccount)', async () => {
    const a = await signUp();
    for (let i = 0; i < 5; i++) await login(a.email, `wrong guess ${i}`, '198.51.100.6');
    expect(await unlockAccount(t.database.db, a.id)).toBe(true);
    expect((await login(a.email, a.password, '198.51.100.6')).status).toBe(200);
  });
});

describe('IP block', () => {
  it('blocks an address after 20 failures across accounts, even for a right password', async () => {
    const victim = await signUp();
    const ip = '203.0.113.77';
    const statuses: number[] = [];
    // Unknown addresses: no account gets locked, so only the IP count can stop this.
    for (let i = 0; i < 20; i++)
      statuses.push((await login(`nobody${i}@example.org`, 'some password', ip)).status);
    expect(statuses.slice(0, 19).every((s) => s === 401)).toBe(true);
    expect(statuses[19]).toBe(429);
    const res = await login(victim.email, victim.password, ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same account from another address is fine.
    expect((await login(victim.email, victim.password, '203.0.113.78')).status).toBe(200);
    // Support lifts it.
    expect(await unlockIp(t.database.db, ip)).toBe(true);
    expect((await login(victim.email, victim.password, ip)).status).toBe(200);
  });

  it('expires after 15 minutes', async () => {
    const victim = await signUp();
    const ip = '203.0.113.79';
    for (let i = 0; i < 20; i++) await login(`nobody${i}@example.org`, 'some password', ip);
    expect((await login(victim.email, victim.password, ip)).status).toBe(429);
    t.clock.advance(lockPolicy.lockMs + 1000);
    expect((await login(victim.email, victim.password, ip)).status).toBe(200);
  });
});

describe('verifyLogin, as SMTP AUTH calls it', () => {
  it('returns the account for the right password and throws locked while locked', async () => {
    const a = await signUp();
    const ctx = { db: t.database.db, now: t.clock.now };
    expect((await verifyLogin(ctx, a.email.toUpperCase(), a.password, '192.0.2.50')).id).toBe(a.id);
    for (let i = 0; i < 4; i++) {
      await expect(verifyLogin(ctx, a.email, 'wrong one', '192.0.2.50')).rejects.toMatchObject({
        code: 'unauthorized',
      });
    }
    await expect(verifyLogin(ctx, a.email, 'wrong one', '192.0.2.50')).rejects.toMatchObject({
      code: 'locked',
    });
    await expect(verifyLogin(ctx, a.email, a.password, '192.0.2.51')).rejects.toMatchObject({
      code: 'locked',
      retryAfter: expect.any(Number),
    });
  });

  it('counts failures from HTTP and SMTP together', async () => {
    const a = await signUp();
    const ctx = { db: t.database.db, now: t.clock.now };
    for (let i = 0; i < 3; i++) await login(a.email, `wrong http ${i}`, '192.0.2.60');
    await expect(verifyLogin(ctx, a.email, 'wrong smtp', '192.0.2.61')).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(verifyLogin(ctx, a.email, 'wrong smtp', '192.0.2.61')).rejects.toMatchObject({
      code: 'locked',
    });
    expect((await login(a.email, a.password, '192.0.2.62')).status).toBe(429);
  });
});
