import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openPostgres } from '../../db/client';
import { messages } from '../../db/schema/messages';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { createAccount } from '../accounts/accounts';
import { createApiKey } from '../accounts/api-keys';
import { loadConfig } from '../config';
import { type AppContext, closeContext, createContext } from '../context';
import { createMemoryTransport } from '../delivery/memory-transport';
import { createApp } from '../http/app';
import { createLogger } from '../log';
import { createMemorySmsSender } from '../sms/memory-sender';

// The quota is counted in the database (issue 13): two service instances on one database, each with
// its own connection pool on PostgreSQL, sending for the same account at the same moment, accept
// exactly as many messages as the quota allows, together.

const config = loadConfig({
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'vt-instances-')),
  LIMIT_MESSAGES_PER_DAY_FREE: '4',
  SEAL_WORKERS: '1',
  LOG_LEVEL: 'silent',
});

let a: TestApp;
let other: DatabaseHandle | undefined;
let b: { ctx: AppContext; app: ReturnType<typeof createApp> };

beforeAll(async () => {
  a = await createTestApp({ config });
  other = a.database.url ? openPostgres(a.database.url) : undefined;
  const ctx = await createContext({
    config,
    db: other?.db ?? a.database.db,
    log: createLogger({ level: 'silent' }),
    now: a.clock.now,
    transport: createMemoryTransport(),
    sms: createMemorySmsSender(),
  });
  b = { ctx, app: createApp(ctx) };
});
afterAll(async () => {
  if (b) await closeContext(b.ctx);
  await other?.close();
  await a?.close();
});

describe('two instances on one database', () => {
  it('accept exactly the quota together when both send at once', async () => {
    const acc = await createAccount(a.database.db, {
      email: 'zwei@praxis.example',
      name: 'Zwei',
      plan: 'free',
    });
    const { apiKey } = await createApiKey(a.database.db, acc.id, 'test', a.clock.now());
    const body = JSON.stringify({ to: ['k.becker@example.org'], text: 'Befund' });
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const env = { incoming: { socket: { remoteAddress: '192.0.2.1' } } };
    const viaA = () => a.request('/v1/messages', { method: 'POST', token: apiKey, body, headers });
    const viaB = () => Promise.resolve(b.app.request('/v1/messages', { method: 'POST', body, headers }, env));
    const answers = await Promise.all([viaA(), viaB(), viaA(), viaB(), viaA(), viaB(), viaA(), viaB()]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 429, 429, 429, 429]);
    const rows = await a.database.db.select().from(messages).where(eq(messages.accountId, acc.id));
    expect(rows).toHaveLength(4);
    // And one more, later, on either instance, is refused too.
    expect((await viaB()).status).toBe(429);
    expect((await viaA()).status).toBe(429);
  });
});
