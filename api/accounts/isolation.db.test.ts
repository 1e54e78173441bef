import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { queryRows } from '../../test/helpers/db';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface User {
  id: string;
  email: string;
  password: string;
  token: string;
  apiKey: string;
  keyId: string;
}

async function user(name: string): Promise<User> {
  const email = `${name}-${Math.random().toString(36).slice(2)}@example.org`;
  const password = `${name} has a long password`;
  const created = await t.request('/v1/accounts', { method: 'POST', json: { email, password } });
  const { id } = (await created.json()) as { id: string };
  const login = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
  const { token } = (await login.json()) as { token: string };
  const key = await t.request('/v1/api-keys', { method: 'POST', token, json: { name, password } });
  const { apiKey, id: keyId } = (await key.json()) as { apiKey: string; id: string };
  return { id, email, password, token, apiKey, keyId };
}

/** Every table with an account_id column, and how many rows in it belong to the account. */
async function rowsOf(accountId: string): Promise<Record<string, number>> {
  const tables = await queryRows<{ table_name: string }>(
    t.database.db,
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'account_id'`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await queryRows<{ n: number | string }>(
      t.database.db,
      sql`select count(*) as n from ${sql.identifier(table_name)} where account_id = ${accountId}`,
    );
    counts[table_name] = Number(row?.n);
  }
  const [acc] = await queryRows<{ n: number | string }>(
    t.database.db,
    sql`select count(*) as n from accounts where id = ${accountId}`,
  );
  counts.accounts = Number(acc?.n);
  return counts;
}

describe('account deletion', () => {
  it('needs the password', async () => {
    const a = await user('anna');
    const res = await t.request('/v1/account', {
      method: 'DELETE',
      token: a.token,
      json: { password: 'not the password at all' },
    });
    expect(res.status).toBe(403);
    expect((await t.request('/v1/account', { token: a.token })).status).toBe(200);
  });

  it('removes every row of the account and nothing of another', async () => {
    const a = await user('anna');
    const b = await user('bert');
    // A failed login leaves a row too.
    await t.request('/v1/auth/login', {
      method: 'POST',
      json: { email: a.email, password: 'wrong password here' },
    });
    const before = await rowsOf(a.id);
    expect(before.accounts).toBe(1);
    expect(before.sessions).toBeGreaterThan(0);
    expect(before.api_keys).toBeGreaterThan(0);
    expect(before.login_failures).toBeGreaterThan(0);
    const bBefore = await rowsOf(b.id);

    const res = await t.request('/v1/account', {
      method: 'DELETE',
      token: a.token,
      json: { password: a.password },
    });
    expect(res.status).toBe(204);
    const after = await rowsOf(a.id);
    expect(Object.values(after).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(b.id)).toEqual(bBefore);
    expect((await t.request('/v1/account', { token: a.apiKey })).status).toBe(401);
    expect(
      (await t.request('/v1/auth/login', { method: 'POST', json: { email: a.email, password: a.password } }))
        .status,
    ).toBe(401);
  });

  it('has every foreign key to accounts cascade on delete, so later tables follow too', async () => {
    const rules = await queryRows<{ table_name: string; delete_rule: string }>(
      t.database.db,
      sql`select tc.table_name, rc.delete_rule
          from information_schema.referential_constraints rc
          join information_schema.table_constraints tc on tc.constraint_name = rc.constraint_name
          join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.unique_constraint_name
          where ccu.table_name = 'accounts'`,
    );
    expect(rules.length).toBeGreaterThanOrEqual(4);
    expect(rules.filter((r) => r.delete_rule !== 'CASCADE')).toEqual([]);
  });
});

describe("one account's credentials never reach another account", () => {
  it('reads only its own account, with a token or a key', async () => {
    const a = await user('anna');
    const b = await user('bert');
    for (const credential of [a.token, a.apiKey]) {
      const me = (await (await t.request('/v1/account', { token: credential })).json()) as { id: string };
      expect(me.id).toBe(a.id);
      expect(me.id).not.toBe(b.id);
    }
  });

  it("neither lists nor revokes the other's API keys", async () => {
    const a = await user('anna');
    const b = await user('bert');
    const list = (await (await t.request('/v1/api-keys', { token: a.token })).json()) as {
      apiKeys: { id: string }[];
    };
    expect(list.apiKeys.map((k) => k.id)).toEqual([a.keyId]);
    const revoke = await t.request(`/v1/api-keys/${b.keyId}`, { method: 'DELETE', token: a.token });
    expect(revoke.status).toBe(404);
    expect((await t.request('/v1/account', { token: b.apiKey })).status).toBe(200);
  });

  it("cannot change or delete the other account with the other's password", async () => {
    const a = await user('anna');
    const b = await user('bert');
    const change = await t.request('/v1/account/password', {
      method: 'PUT',
      token: a.token,
      json: { currentPassword: b.password, newPassword: 'taken over by anna' },
    });
    expect(change.status).toBe(403);
    const del = await t.request('/v1/account', {
      method: 'DELETE',
      token: a.token,
      json: { password: b.password },
    });
    expect(del.status).toBe(403);
    expect((await t.request('/v1/account', { token: b.token })).status).toBe(200);
    expect(
      (await t.request('/v1/auth/login', { method: 'POST', json: { email: b.email, password: b.password } }))
        .status,
    ).toBe(200);
  });

  it('logging out with one token leaves the other account signed in', async () => {
    const a = await user('anna');
    const b = await user('bert');
    await t.request('/v1/auth/logout', { method: 'POST', token: a.token });
    expect((await t.request('/v1/account', { token: b.token })).status).toBe(200);
  });
});
