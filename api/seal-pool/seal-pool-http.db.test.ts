import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app';
import { createAccount } from '../accounts/accounts';
import { createApiKey } from '../accounts/api-keys';
import { createSealPool } from './index';

// Through the API: a hostile message is sealed within seconds while the service keeps answering,
// and when the sealing pool is full a sender is told to come back (503 with Retry-After).

const busyWorker = path.resolve(import.meta.dirname, '../../test/fixtures/busy-seal-worker.mjs');

async function apiKey(t: TestApp): Promise<string> {
  const email = `pool-${Math.random().toString(36).slice(2)}@example.org`;
  const account = await createAccount(t.database.db, { email, name: 'Anna', plan: 'free' });
  return (await createApiKey(t.database.db, account.id, 'test', t.clock.now())).apiKey;
}

const message = (html: string) => ({ to: ['bob@example.org'], subject: 'Befund', html });

describe('sealing through the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The real pool, as `serve` builds it (createTestApp seals in-process by default).
    t = await createTestApp({ sealer: createSealPool({ maxAttachmentBytes: 25 * 1024 * 1024 }) });
    // Timed below is the hostile message, not the start of the workers.
    await t.deps.sealer.warmUp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('seals 480 KB of nested <b> within seconds while /healthz keeps answering at once', async () => {
    const key = await apiKey(t);
    const bomb = `${'<b>'.repeat(70_000)}x${'</b>'.repeat(70_000)}`;
    const started = performance.now();
    let done = false;
    const send = t
      .request('/v1/messages', { method: 'POST', token: key, json: message(bomb) })
      .finally(() => {
        done = true;
      });
    const health: number[] = [];
    while (!done) {
      const asked = performance.now();
      const res = await t.request('/healthz');
      expect(res.status).toBe(200);
      health.push(performance.now() - asked);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const res = await send;
    expect(res.status).toBe(201);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(health.length).toBeGreaterThan(0);
    expect(Math.max(...health)).toBeLessThan(500);
  });
});

describe('a full sealing pool', () => {
  let t: TestApp;
  // One place, no queue, and a stand-in that keeps its worker busy until the time limit.
  const sealer = createSealPool(
    { maxAttachmentBytes: 1 },
    { workers: 1, maxQueue: 0, timeoutMs: 2000, workerFile: busyWorker },
  );
  beforeAll(async () => {
    t = await createTestApp({ sealer });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 503 with Retry-After, and nothing is sent', async () => {
    const key = await apiKey(t);
    const first = t.request('/v1/messages', { method: 'POST', token: key, json: message('<p>eins</p>') });
    await expect.poll(() => sealer.load().admitted).toBe(1);
    const second = await t.request('/v1/messages', {
      method: 'POST',
      token: key,
      json: message('<p>zwei</p>'),
    });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('5');
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    // The first is stopped at the time limit and refused as too much to seal.
    expect((await first).status).toBe(413);
    const list = (await (await t.request('/v1/messages', { token: key })).json()) as { messages: unknown[] };
    expect(list.messages).toEqual([]);
  });
});
