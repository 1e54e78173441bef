import { type ChildProcess, execFile, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import pg from 'pg';
import { composeMime } from '../api/seal/mime';

// `npm run bench` (issues 4 and 15): messages per second through the whole API, as a user meets
// it: the built service (`node bin/vertraulich.mjs serve`) in its own process, the HTTP clients in
// another (bench/load.ts), the SMTP relay in a third (bench/relay.ts). Small messages, 10 clients,
// each answered 201 after its first delivery attempt. Beside it, in the same run, the same work by
// hand: `7z a -tzip -mem=AES256` + `qpdf --encrypt … 256` per message, two loops in parallel.
// Both back ends (PGlite; PostgreSQL when reachable), the service on one core (taskset: one
// sealing worker) and on two (two workers). The machine may be busy: compare the ratios.

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'vertraulich.mjs');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const HAND_MESSAGES = Number(process.env.BENCH_HAND_MESSAGES ?? 60);
const WARMUP = 10;
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'Bench-Pass-Word-2345-6789';
const MB = 1024 * 1024;

const TEXT =
  'Sehr geehrte Frau Schmidt,\n\nanbei Ihr Befund. Die Werte sind unauffällig.\n\nMit freundlichen Grüßen\nDr. Weber';
const ATTACHMENT = Buffer.from('Kalium 4,2 mmol/l\n'.repeat(84)); // ~1.5 KB

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function rssBytes(pid: number | undefined): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? Number.NaN) * 1024,
    () => Number.NaN,
  );
}

/**
 * CPU time (user + system, all threads) of process `pid`, or of its waited-for children; with
 * `mainThread`, of its main thread only (proc(5) /proc/pid/task/pid/stat): HTTP, database, delivery.
 */
async function cpuMs(pid: number | 'self', children = false, mainThread = false): Promise<number> {
  const file = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  const stat = await readFile(file, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14/15 (utime/stime) and 16/17 (cutime/cstime) of proc(5), in clock ticks of 10 ms.
  const at = children ? 13 : 11;
  return (Number(fields[at]) + Number(fields[at + 1])) * 10;
}

/** The relay in its own process; `count()` asks it how many messages arrived. */
async function startRelay(): Promise<{ url: string; count(): Promise<number>; close(): Promise<void> }> {
  const child = fork(path.join(root, 'bench', 'relay.ts'), ['--child'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [first] = (await once(child, 'message')) as [{ url: string }];
  return {
    url: first.url,
    async count() {
      child.send('count');
      const [m] = (await once(child, 'message')) as [{ received: number }];
      return m.received;
    },
    async close() {
      child.send('close');
      await once(child, 'exit');
    },
  };
}

/** By hand, as a careful sender would: 7z AES-256 and qpdf AES-256 per message, `loops` at once. */
async function byHand(dir: string, messages: number, loops: number): Promise<number> {
  const att = path.join(dir, 'befund.txt');
  const eml = path.join(dir, 'message.eml');
  const pdfIn = path.join(dir, 'message.pdf');
  await writeFile(att, ATTACHMENT);
  await writeFile(eml, await composeMime({ from: 'weber@praxis.example', to: 'a@example.org', text: TEXT }));
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(TEXT, { x: 50, y: 780, size: 11, font, maxWidth: 500, lineHeight: 15 });
  await writeFile(pdfIn, await doc.save());
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async (_, l) => {
      while (next < messages) {
        const i = next++;
        const zip = path.join(dir, `hand-${l}-${i}.zip`);
        await run('7z', ['a', '-tzip', '-mem=AES256', `-p${PASSWORD}`, '-bd', zip, att, eml]);
        await run('qpdf', [
          '--encrypt',
          PASSWORD,
          PASSWORD,
          '256',
          '--',
          pdfIn,
          path.join(dir, `hand-${l}-${i}.pdf`),
        ]);
        await rm(zip);
      }
    }),
  );
  return messages / ((performance.now() - started) / 1000);
}

interface Scenario {
  database: 'pglite' | 'postgres';
  cores: 1 | 2;
}

interface Figures extends Scenario {
  messagesPerSecond: number;
  handPerSecond: number;
  ratio: number;
  /** CPU of the service per message (PostgreSQL's own server not included). */
  cpuMsPerMessage: number;
  /** The part of it on the main thread (not sealing): HTTP, auth, limits, database, delivery. */
  mainThreadCpuMsPerMessage: number;
  /** CPU of 7z + qpdf per message. */
  handCpuMsPerMessage: number;
  p50Ms: number;
  p99Ms: number;
  answered: Record<string, number>;
  refused: Record<string, number>;
  relayReceived: number;
  idleRssMB: number;
  loadedRssMB: number;
}

async function scenario(s: Scenario, pgUrl: string | undefined): Promise<Figures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-bench-'));
  const relay = await startRelay();
  const port = await freePort();
  const env = {
    ...process.env,
    DATA_DIR: path.join(dir, 'data'),
    DATABASE_URL: s.database === 'postgres' ? (pgUrl ?? '') : '',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_GATEWAY_PORT: String(await freePort()),
    SMTP_URL: relay.url,
    LOG_LEVEL: 'silent',
  };
  let serve: ChildProcess | undefined;
  try {
    const created = await run(
      process.execPath,
      [bin, 'account', 'create', '--email', `bench-${Date.now()}@example.org`, '--plan', 'paid'],
      { env },
    );
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
    // BENCH_SERVE_ARGS: extra Node options for the service (e.g. --cpu-prof to see where time goes).
    const nodeArgs = [...(process.env.BENCH_SERVE_ARGS?.split(' ').filter(Boolean) ?? []), bin, 'serve'];
    const [command, args] =
      s.cores === 1 ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
    serve = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    serve.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      if (serve.exitCode !== null) throw new Error(`serve exited with ${serve.exitCode}: ${stderr}`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Idle: started, sealing workers warmed up (serve does it at start), nothing sent yet.
    await new Promise((r) => setTimeout(r, 3000));
    const idleRss = await rssBytes(serve.pid);
    const serveCpuBefore = await cpuMs(serve.pid ?? 0);
    const mainCpuBefore = await cpuMs(serve.pid ?? 0, false, true);
    const body = JSON.stringify({
      to: ['empfaenger@example.org'],
      cc: ['kopie@example.org'],
      subject: 'Befund vom 3. März',
      text: TEXT,
      attachments: [
        { filename: 'befund.txt', contentType: 'text/plain', content: ATTACHMENT.toString('base64') },
      ],
    });
    const job = { base, apiKey, clients: CLIENTS, messages: MESSAGES, warmup: WARMUP, body };
    const load = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bench', 'load.ts'), JSON.stringify(job)],
      {
        maxBuffer: 64 * MB,
      },
    );
    const r = JSON.parse(load.stdout) as {
      seconds: number;
      latencies: number[];
      statuses: Record<string, number>;
      failures: Record<string, number>;
    };
    const deadline = Date.now() + 60_000;
    let received = await relay.count();
    while (received < WARMUP + MESSAGES && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      received = await relay.count();
    }
    const loadedRss = await rssBytes(serve.pid);
    // Warm-up included: those messages were sealed and delivered by the same process.
    const serveCpu = (await cpuMs(serve.pid ?? 0)) - serveCpuBefore;
    const mainCpu = (await cpuMs(serve.pid ?? 0, false, true)) - mainCpuBefore;
    const handCpuBefore = await cpuMs('self', true);
    const handPerSecond = await byHand(dir, HAND_MESSAGES, 2);
    const handCpu = (await cpuMs('self', true)) - handCpuBefore;
    const messagesPerSecond = MESSAGES / r.seconds;
    return {
      ...s,
      messagesPerSecond: Number(messagesPerSecond.toFixed(1)),
      handPerSecond: Number(handPerSecond.toFixed(1)),
      ratio: Number((messagesPerSecond / handPerSecond).toFixed(2)),
      cpuMsPerMessage: Number((serveCpu / (MESSAGES + WARMUP)).toFixed(1)),
      mainThreadCpuMsPerMessage: Number((mainCpu / (MESSAGES + WARMUP)).toFixed(1)),
      handCpuMsPerMessage: Number((handCpu / HAND_MESSAGES).toFixed(1)),
      p50Ms: Math.round(percentile(r.latencies, 50)),
      p99Ms: Math.round(percentile(r.latencies, 99)),
      answered: r.statuses,
      refused: r.failures,
      relayReceived: received - WARMUP,
      idleRssMB: Number((idleRss / MB).toFixed(0)),
      loadedRssMB: Number((loadedRss / MB).toFixed(0)),
    };
  } finally {
    if (serve && serve.exitCode === null) {
      const exited = once(serve, 'exit');
      serve.kill('SIGTERM');
      await exited;
    }
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A fresh PostgreSQL database for the run, or undefined when no server answers. */
async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const name = `vt_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch {
    await admin.end().catch(() => {});
    return undefined;
  }
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

export async function main(): Promise<void> {
  const pgDb = await createPgDatabase();
  const results: Figures[] = [];
  try {
    const scenarios: Scenario[] = [
      { database: 'pglite', cores: 1 },
      { database: 'pglite', cores: 2 },
      ...(pgDb
        ? ([
            { database: 'postgres', cores: 1 },
            { database: 'postgres', cores: 2 },
          ] as const)
        : []),
    ].filter((s) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === `${s.database}:${s.cores}`);
    for (const s of scenarios) {
      const f = await scenario(s, pgDb?.url);
      results.push(f);
      console.log(
        `${f.database}, ${f.cores} core(s)/worker(s): ${f.messagesPerSecond} messages/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms; ` +
          `by hand (7z + qpdf, 2 loops) ${f.handPerSecond}/s, ratio ${f.ratio}; ` +
          `CPU per message ${f.cpuMsPerMessage} ms, main thread ${f.mainThreadCpuMsPerMessage} ms (by hand ${f.handCpuMsPerMessage} ms); RSS idle ${f.idleRssMB} MB, after load ${f.loadedRssMB} MB; ` +
          `answered ${JSON.stringify(f.answered)}, refused ${JSON.stringify(f.refused)}, relay got ${f.relayReceived}/${MESSAGES}`,
      );
      console.log(JSON.stringify(f));
    }
  } finally {
    await pgDb?.drop();
  }
  if (!pgDb) console.log(`PostgreSQL not reachable at ${ADMIN_URL}: its targets are not measured`);
  const find = (database: string, cores: number) =>
    results.find((r) => r.database === database && r.cores === cores);
  console.log('targets (issue 15), two cores:');
  for (const [database, want] of [
    ['postgres', 3],
    ['pglite', 1.5],
  ] as const) {
    const f = find(database, 2);
    if (!f) continue;
    const all = f.relayReceived >= MESSAGES && Object.keys(f.refused).length === 0;
    console.log(
      `  ${database}: >= ${want}x by hand: ${f.ratio}x ${mark(f.ratio >= want)}; every message 201 and relayed: ${mark(all)}`,
    );
    if (database === 'postgres') {
      console.log(`  postgres: p99 <= 300 ms: ${f.p99Ms} ms ${mark(f.p99Ms <= 300)}`);
      console.log(
        `  postgres: RSS idle <= 200 MB: ${f.idleRssMB} ${mark(f.idleRssMB <= 200)}; after load <= 300 MB: ${f.loadedRssMB} ${mark(f.loadedRssMB <= 300)}`,
      );
    } else {
      console.log(`  pglite: RSS idle <= 350 MB: ${f.idleRssMB} ${mark(f.idleRssMB <= 350)}`);
    }
    const one = find(database, 1);
    if (one) {
      const gain = f.messagesPerSecond / one.messagesPerSecond;
      console.log(`  ${database}: 2 vs 1 sealing worker(s): ${gain.toFixed(2)}x ${mark(gain > 1.1)}`);
    }
  }
}

// Run directly: `npx tsx bench/api.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await main();
