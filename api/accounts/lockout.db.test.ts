import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { clientKey, lockPolicy, unlockAccount, unlockIp } from './lockout';
import { verifyLogin } from './login';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

let n = 0;
// Each sign-up from an address of its own: the sign-up limit per client is not what is tested here.
const signUpIp = () => `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`;
async function signUp() {
  n += 1;
  const email = `locked${n}-${Math.random().toString(36).slice(2)}@example.org`;
  const password = 'the right password';
  const res = await t.request('/v1/accounts', { method: 'POST', json: { email, password }, ip: signUpIp() });
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
    expect(await unlockAccount(t.database.db, a.email.toUpperCase())).toBe(true);
    expect((await login(a.email, a.password, '198.51.100.6')).status).toBe(200);
  });
});

describe('under parallel attempts', () => {
  it('refuses the right password sent together with 100 wrong ones, and checks at most 5', async () => {
    const a = await signUp();
    const ip = '198.51.100.20';
    const wrong = Array.from({ length: 100 }, (_, i) => login(a.email, `parallel guess ${i}`, ip));
    const right = login(a.email, a.password, ip);
    const statuses = await Promise.all(wrong.map(async (r) => (await r).status));
    expect((await right).status).toBe(429);
    // A wrong password is answered 401 only while it was checked below the limit.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // The account stays locked for the right password from anywhere.
    expect((await login(a.email, a.password, '198.51.100.21')).status).toBe(429);
  });

  it('blocks a client after 20 failures however many arrive at once', async () => {
    const victim = await signUp();
    const ip = '203.0.113.90';
    const attempts = Array.from({ length: 60 }, (_, i) =>
      login(`spray${i}@example.org`, 'some password', ip),
    );
    const right = login(victim.email, victim.password, ip);
    const statuses = await Promise.all(attempts.map(async (r) => (await r).status));
    expect((await right).status).toBe(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(19);
    expect((await login(victim.email, victim.password, '203.0.113.91')).status).toBe(200);
  });
});

describe('account probing', () => {
  it('answers a known and an unknown address alike: 401 four times, then 429', async () => {
    const known = await signUp();
    const unknown = `nobody-${Math.random().toString(36).slice(2)}@example.org`;
    const sequence = async (email: string, ip: string) => {
      const out: number[] = [];
      for (let i = 0; i < 6; i++) out.push((await login(email, `guess ${i}`, ip)).status);
      return out;
    };
    const expected = [401, 401, 401, 401, 429, 429];
    expect(await sequence(known.email, '198.51.100.30')).toEqual(expected);
    expect(await sequence(unknown, '198.51.100.31')).toEqual(expected);
    // Counted per normalised address: another spelling of it is locked too.
    expect((await login(` ${unknown.toUpperCase()}`, 'guess', '198.51.100.32')).status).toBe(429);
  });
});

describe('IPv6 clients', () => {
  it('counts a whole /64 as one client, and leaves the next /64 alone', async () => {
    const victim = await signUp();
    for (let i = 0; i < 20; i++) {
      await login(`v6-${i}@example.org`, 'some password', `2001:db8:1:2::${(i + 1).toString(16)}`);
    }
    expect((await login(victim.email, victim.password, '2001:db8:1:2:ffff::1')).status).toBe(429);
    expect((await login(victim.email, victim.password, '2001:db8:1:3::1')).status).toBe(200);
    expect(await unlockIp(t.database.db, '2001:db8:1:2::abcd')).toBe(true);
    expect((await login(victim.email, victim.password, '2001:db8:1:2::1')).status).toBe(200);
  });

  it('counts an IPv4-mapped address as the IPv4 address', () => {
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
    expect(clientKey('unknown')).toBe('unknown');
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
