import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { fuzzHttp } from './chaos/fuzz-http';
import { fuzzSmtp } from './chaos/fuzz-smtp';
import { databaseOutage, type Figures, killMidDelivery, relayOutage } from './chaos/scenarios';
import { Cluster, freePort, makeSenders, Relay, Service } from './chaos/stand';

// `npm run chaos`: the fault tests of issue 16 against the real service on loopback, bounded to a
// few minutes. PGlite: kill -9 mid-delivery, relay outage. PostgreSQL (a throwaway cluster of its
// own in a temp dir, so stopping it harms nobody): kill -9 mid-delivery, PostgreSQL stopped under
// load, 5,000 fuzzed HTTP requests and 500 fuzzed SMTP sessions. Prints lost, delivered twice, 5xx
// other than 503, crashes and time to recover; exits 1 when anything is lost, crashed or a 5xx.
//
//   npm run chaos              # everything
//   CHAOS_HTTP=1000 CHAOS_SMTP=100 npm run chaos   # fewer fuzz cases
//   CHAOS_ONLY=pglite npm run chaos                 # one back end

const httpRequests = Number(process.env.CHAOS_HTTP ?? 5_000);
const smtpSessions = Number(process.env.CHAOS_SMTP ?? 500);
/** `pglite` or `postgres` to run one back end only. */
const only = process.env.CHAOS_ONLY;

function row(f: Figures): string {
  const recover = f.recoverS === undefined ? 'never' : `${f.recoverS.toFixed(1)} s`;
  return `| ${f.scenario} | ${f.accepted} | ${f.lost} | ${f.twice} | ${f.unexpected5xx} | ${f.crashes} | ${recover} | ${f.note ?? ''} |`;
}

async function pgliteRuns(relay: Relay, results: Figures[]): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vt-chaos-pglite-'));
  try {
    const senders = await makeSenders(dataDir, undefined, 2);
    const [a, b] = senders as [(typeof senders)[0], (typeof senders)[0]];
    const service = await Service.create({ dataDir, relayPort: relay.port });
    await service.start();
    results.push(await killMidDelivery('PGlite', service, relay, a));
    results.push(await relayOutage('PGlite', service, relay, b));
    await service.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresRuns(relay: Relay, results: Figures[], fuzz: string[]): Promise<boolean> {
  if (!Cluster.binDir()) {
    fuzz.push('PostgreSQL runs left out: no server binaries under /usr/lib/postgresql');
    return false;
  }
  const cluster = await Cluster.create();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vt-chaos-pg-data-'));
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('create database vertraulich');
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, '/vertraulich');
    const senders = await makeSenders(dataDir, url, 6);
    const service = await Service.create({ dataDir, databaseUrl: url, relayPort: relay.port });
    await service.start();
    const [kill, down, ...fuzzers] = senders as [(typeof senders)[0], (typeof senders)[0], ...typeof senders];
    results.push(await killMidDelivery('PostgreSQL', service, relay, kill));
    results.push(await databaseOutage(service, relay, down, cluster));

    const started = Date.now();
    const http = await fuzzHttp(service, fuzzers[0] ?? kill, httpRequests, 16);
    fuzz.push(
      `HTTP fuzz: ${http.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s, ${JSON.stringify(http.byClass)}, ` +
        `5xx other than 503: ${http.unexpected5xx}, connection resets: ${http.resets}${http.examples.length ? `; e.g. ${http.examples.join(' | ')}` : ''}`,
    );
    const smtpStarted = Date.now();
    const smtp = await fuzzSmtp(service, fuzzers, smtpSessions, 8);
    fuzz.push(
      `SMTP fuzz: ${smtp.sessions} sessions in ${((Date.now() - smtpStarted) / 1000).toFixed(0)} s, replies to AUTH ${JSON.stringify(smtp.authReplies)}, to DATA ${JSON.stringify(smtp.dataReplies)}, ` +
        `451 4.3.0: ${smtp.unexpected451}, hung: ${smtp.hung}${smtp.examples.length ? `; e.g. ${smtp.examples.join(' | ')}` : ''}`,
    );
    fuzz.push(`service alive after the fuzzing: ${service.alive}, crashes: ${service.crashes}`);
    const fuzzOk =
      http.unexpected5xx === 0 && http.resets === 0 && smtp.unexpected451 === 0 && smtp.hung === 0;
    const alive = service.alive;
    await service.stop();
    return fuzzOk && alive;
  } finally {
    try {
      cluster.stop();
    } catch {
      // already stopped
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cluster.dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const relay = new Relay(await freePort());
  await relay.start();
  const results: Figures[] = [];
  const fuzz: string[] = [];
  let fuzzOk = true;
  try {
    if (only !== 'postgres') await pgliteRuns(relay, results);
    if (only !== 'pglite') fuzzOk = await postgresRuns(relay, results, fuzz);
  } finally {
    await relay.stop();
  }
  process.stdout.write(
    [
      '| scenario | accepted (201) | lost | delivered twice | 5xx other than 503 | crashes | time to recover | note |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.map(row),
      '',
      ...fuzz,
      `total ${((Date.now() - started) / 1000).toFixed(0)} s`,
      '',
    ].join('\n'),
  );
  const bad = results.some(
    (f) => f.lost > 0 || f.crashes > 0 || f.unexpected5xx > 0 || f.recoverS === undefined,
  );
  return bad || !fuzzOk ? 1 : 0;
}

const timer = setTimeout(() => {
  process.stderr.write('chaos: still running after 15 minutes, giving up\n');
  process.exit(2);
}, 15 * 60_000);
timer.unref();
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
