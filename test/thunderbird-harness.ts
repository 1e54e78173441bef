import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { seedPgliteDataDir } from './helpers/db';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';
import { freePort, type RunningThunderbird } from './helpers/thunderbird';
import type { ThunderbirdControl } from './helpers/thunderbird-control';
import { startDrivenThunderbird } from './helpers/thunderbird-driven';

// The whole setup of the Thunderbird end-to-end tests: the service as users run it
// (`node bin/vertraulich.mjs serve`, embedded database in a temp DATA_DIR, free ports, sealed mail
// relayed to a local SMTP sink), one paid account made with the CLI, and real Thunderbird with the
// extension's test build pointed at the service, whose own outgoing SMTP server is the same sink:
// whatever Thunderbird itself sends would land there too.

const cli = path.resolve(import.meta.dirname, '..', 'bin', 'vertraulich.mjs');
const run = promisify(execFile);

export const ACCOUNT = { email: 'alice@example.org', password: 'correct horse battery staple 7' };

export interface ThunderbirdSetup {
  baseUrl: string;
  dataDir: string;
  sink: SmtpSink;
  apiKey: string;
  control: ThunderbirdControl;
  thunderbird: RunningThunderbird;
  api(pathname: string): Promise<Response>;
  close(): Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vertraulich serve exited:\n${log()}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vertraulich serve did not answer /healthz in 90 s:\n${log()}`);
}

/** `locale`: Thunderbird's UI language (an installed language pack, e.g. 'de'), default its own. */
export async function startThunderbirdSetup(options: { locale?: string } = {}): Promise<ThunderbirdSetup> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-tb-svc-'));
  await seedPgliteDataDir(dataDir);
  const sink = await startSmtpSink();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    SMTP_GATEWAY_PORT: String(await freePort()),
    SMTP_URL: sink.url,
    MAIL_FROM: 'vertraulich <noreply@vertraulich.test>',
    LOG_LEVEL: 'warn',
    SEAL_WORKERS: '1',
  };
  const cleanup: (() => Promise<unknown>)[] = [
    () => sink.close(),
    () => rm(dataDir, { recursive: true, force: true }),
  ];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    // The CLI holds the embedded database only while the service is not running.
    const created = await run(
      process.execPath,
      [
        cli,
        'account',
        'create',
        '--email',
        ACCOUNT.email,
        '--password',
        ACCOUNT.password,
        '--plan',
        'paid',
        '--name',
        'Alice Example',
      ],
      { env },
    );
    const apiKey = (JSON.parse(created.stdout) as { apiKey: string }).apiKey;

    let serverLog = '';
    const server = spawn(process.execPath, [cli, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (c: Buffer) => (serverLog += c.toString()));
    server.stderr.on('data', (c: Buffer) => (serverLog += c.toString()));
    const serverExit = new Promise((resolve) => server.once('exit', resolve));
    cleanup.push(async () => {
      if (server.exitCode === null) server.kill('SIGTERM');
      await serverExit;
    });
    await waitForHealth(baseUrl, server, () => serverLog);

    const driven = await startDrivenThunderbird({
      smtp: { host: '127.0.0.1', port: sink.port },
      identity: { email: ACCOUNT.email, name: 'Alice Example' },
      serviceUrl: baseUrl,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    cleanup.push(() => driven.close());
    const { control, thunderbird } = driven;
    return {
      baseUrl,
      dataDir,
      sink,
      apiKey,
      control,
      thunderbird,
      api: (pathname) => fetch(`${baseUrl}${pathname}`, { headers: { authorization: `Bearer ${apiKey}` } }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
