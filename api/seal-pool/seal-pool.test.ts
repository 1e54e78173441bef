import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { SealRequest } from '../i18n/seal-texts';
import { SealInputError } from '../seal/index';
import { createSealPool, type SealPool } from './index';

// The sealing pool: seal() on worker threads, with a time limit and a bounded queue.

const config = { maxAttachmentBytes: 25 * 1024 * 1024 };
const busyWorker = path.resolve(import.meta.dirname, '../../test/fixtures/busy-seal-worker.mjs');
const pools: SealPool[] = [];
function pool(overrides: Parameters<typeof createSealPool>[1] = {}) {
  const p = createSealPool(config, overrides);
  pools.push(p);
  return p;
}
// One real worker for the tests that seal for real: each new worker spends seconds loading.
let sharedPool: SealPool | undefined;
const shared = () => {
  sharedPool ??= pool({ workers: 1 });
  return sharedPool;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

const raw = (html: string) =>
  new TextEncoder().encode(
    `From: Anna <anna@example.org>\r\nTo: bob@example.org\r\nSubject: Befund\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`,
  );

/** How long a timer set for now takes to fire: what every other request waits on the event loop. */
async function loopDelay(): Promise<number> {
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return performance.now() - started;
}

describe('createSealPool', () => {
  it('seals in a worker thread what seal() seals, the sealed mail as a Buffer', async () => {
    const result = await pool({ workers: 1 }).seal(
      { raw: raw('<p>Alle Werte normal.</p>') },
      { language: 'en' },
    );
    expect(Buffer.isBuffer(result.sealedMessage)).toBe(true);
    expect(result.sealedMessage.toString('latin1')).toContain('Content-Type: multipart/mixed');
    expect(result.originalSubject).toBe('Befund');
    expect(result.password).toMatch(/^[A-Za-z2-9]+(-[A-Za-z2-9]+)+$/);
  });

  it('seals 480 KB of nested <b> within seconds', async () => {
    const bomb = `${'<b>'.repeat(70_000)}x${'</b>'.repeat(70_000)}`;
    const p = shared();
    // Timed is the message, not the start of the worker (loading the code and fonts).
    await p.warmUp();
    const started = performance.now();
    const result = await p.seal({ raw: raw(bomb) });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(result.zipEntries.length).toBeGreaterThan(0);
  });

  it('hands back bad input as a SealInputError', async () => {
    const draft = { from: { address: '' }, to: [] };
    await expect(shared().seal({ draft })).rejects.toBeInstanceOf(SealInputError);
  });

  it('keeps the event loop free while a worker is busy, and stops a seal past the time limit', async () => {
    const p = pool({ workers: 1, timeoutMs: 1500, workerFile: busyWorker });
    const sealing = p.seal({ raw: new Uint8Array() });
    const refused = expect(sealing).rejects.toMatchObject({ code: 'payload_too_large' });
    for (let i = 0; i < 5; i++) expect(await loopDelay()).toBeLessThan(200);
    await refused;
  });

  it('lets messages wait for a worker, and refuses past the queue limit with Retry-After', async () => {
    const p = pool({ workers: 1, maxQueue: 1, workerFile: busyWorker, retryAfterSeconds: 7 });
    const busy = { busyMs: 300 } as SealRequest;
    const first = p.seal({ raw: new Uint8Array() }, busy);
    const second = p.seal({ raw: new Uint8Array() }, busy);
    const third = p.seal({ raw: new Uint8Array() }, busy);
    const error = await third.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', retryAfter: 7 });
    // The two that got a place are sealed (here: the stand-in's answer), not dropped.
    await expect(first).rejects.toBeInstanceOf(SealInputError);
    await expect(second).rejects.toBeInstanceOf(SealInputError);
  });

  it('starts SEAL_WORKERS workers, one per core when unset, and admits 16 waiting per worker', async () => {
    const one = createSealPool({ ...config, sealWorkers: 1 });
    const perCore = createSealPool(config);
    try {
      expect(one.load()).toEqual({ admitted: 0, capacity: 1 + 16, workers: 1 });
      expect(perCore.load().workers).toBe(os.availableParallelism());
    } finally {
      await Promise.all([one.close(), perCore.close()]);
    }
  });

  it('refuses new work once closed', async () => {
    const p = createSealPool(config, { workers: 1 });
    await p.close();
    await expect(p.seal({ raw: raw('<p>x</p>') })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
