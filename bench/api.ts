import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createAccount } from '../api/accounts/accounts';
import { createApiKey } from '../api/accounts/api-keys';
import { loadConfig } from '../api/config';
import { closeContext, createContext } from '../api/context';
import { createApp } from '../api/http/app';
import { silentLogger } from '../api/log';
import { openDatabase } from '../db/client';
import { startCountingRelay } from './relay';

// `npm run bench` (issue 4): messages per second through the whole API — HTTP, auth, validation,
// sealing (AES-256 ZIP + encrypted PDF), the transaction, the first delivery attempt to a local SMTP
// relay (smtp-server) — with small messages and 10 concurrent clients, plus p50/p99 latency.
// Database: embedded PGlite in a temp dir, or BENCH_DATABASE_URL (PostgreSQL) when set.

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const WARMUP = 10;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vertraulich-bench-'));
  const sink = await startCountingRelay();
  const config = loadConfig({
    DATA_DIR: dataDir,
    SMTP_URL: sink.url,
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
  });
  const handle = await openDatabase(config);
  await handle.migrate();
  const log = silentLogger();
  const now = () => new Date();
  const context = await createContext({ config, db: handle.db, log, now });
  context.worker.start();
  const app = createApp(context);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stamp = Date.now();
  const account = await createAccount(handle.db, {
    email: `bench-${stamp}@example.org`,
    name: 'Bench',
    plan: 'paid',
  });
  const { apiKey } = await createApiKey(handle.db, account.id, 'bench', now());
  const body = JSON.stringify({
    to: ['empfaenger@example.org'],
    cc: ['kopie@example.org'],
    subject: 'Befund vom 3. März',
    text: 'Sehr geehrte Frau Schmidt,\n\nanbei Ihr Befund. Die Werte sind unauffällig.\n\nMit freundlichen Grüßen\nDr. Weber',
    attachments: [
      {
        filename: 'befund.txt',
        contentType: 'text/plain',
        content: Buffer.from('Kalium 4,2 mmol/l\n'.repeat(50)).toString('base64'),
      },
    ],
  });
  const post = async (): Promise<{ ms: number; status: string }> => {
    const started = performance.now();
    const res = await fetch(`${base}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body,
    });
    const answer = (await res.json()) as { status?: string };
    if (res.status !== 201) throw new Error(`POST /v1/messages answered ${res.status}`);
    return { ms: performance.now() - started, status: answer.status ?? '' };
  };

  try {
    for (let i = 0; i < WARMUP; i++) await post();
    const before = sink.received;
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < MESSAGES) {
          next += 1;
          const r = await post();
          latencies.push(r.ms);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await sink.waitFor(before + MESSAGES, 60_000);
    latencies.sort((a, b) => a - b);
    const figures = {
      database: handle.kind,
      clients: CLIENTS,
      messages: MESSAGES,
      seconds: Number(seconds.toFixed(2)),
      messagesPerSecond: Number((MESSAGES / seconds).toFixed(1)),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      answered: Object.fromEntries(statuses),
      relayReceived: sink.received - before,
    };
    console.log(
      `POST /v1/messages, ${CLIENTS} clients, ${MESSAGES} small messages (${figures.database}): ` +
        `${figures.messagesPerSecond} messages/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeContext(context);
    await handle.close();
    await sink.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// Run directly: `npx tsx bench/api.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await main();
