import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createAccount } from '../../api/accounts/accounts';
import { createApiKey } from '../../api/accounts/api-keys';
import { openDatabase } from '../../db/client';

// What `npm run chaos` runs against, all on loopback with random ports: a relay it can stop and slow
// down, a throwaway PostgreSQL cluster of its own (so stopping it harms nobody), and `vertraulich
// serve` as a real child process that it can kill -9 and start again.

const root = path.resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms until it is true or `ms` ran out; resolves with the time it took, or -1. */
export async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return Date.now() - started;
    await sleep(100);
  }
  return -1;
}

/** The relay: counts each recipient it took; can answer slowly and be stopped and started again. */
export class Relay {
  readonly received = new Map<string, number>();
  delayMs = 0;
  private server: SMTPServer | undefined;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        stream.on('data', () => {});
        stream.on('end', () => {
          for (const r of session.envelope.rcptTo) {
            const to = r.address.toLowerCase();
            this.received.set(to, (this.received.get(to) ?? 0) + 1);
          }
          setTimeout(() => callback(null, 'queued'), this.delayMs);
        });
      },
    });
    server.on('error', () => {});
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  count(prefix: string): { delivered: number; twice: number } {
    let delivered = 0;
    let twice = 0;
    for (const [to, n] of this.received) {
      if (!to.startsWith(prefix)) continue;
      delivered += 1;
      if (n > 1) twice += 1;
    }
    return { delivered, twice };
  }
}

/** A PostgreSQL cluster in a temp dir on a random port, run as the `postgres` user when we are root. */
export class Cluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static binDir(): string | undefined {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return undefined;
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    const found = versions
      .map((v) => path.join(base, v, 'bin'))
      .find((d) => existsSync(path.join(d, 'pg_ctl')));
    return found;
  }

  private run(tool: string, args: string[]): void {
    const cmd = path.join(this.bin, tool);
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    execFileSync(file, argv, { stdio: 'ignore', timeout: 60_000 });
  }

  static async create(): Promise<Cluster> {
    const bin = Cluster.binDir();
    if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-chaos-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const cluster = new Cluster(dir, await freePort(), bin);
    cluster.run('initdb', ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
    cluster.start();
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.run('pg_ctl', [
      '-D',
      path.join(this.dir, 'data'),
      '-o',
      opts,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  /** A fast shutdown: every connection is cut, new ones are refused until start(). */
  stop(): void {
    this.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }
}

export interface Sender {
  email: string;
  password: string;
  apiKey: string;
}

/** Accounts made before the service starts (PGlite has one process at a time). */
export async function makeSenders(
  dataDir: string,
  databaseUrl: string | undefined,
  n: number,
): Promise<Sender[]> {
  const handle = await openDatabase({ dataDir, databaseUrl });
  try {
    await handle.migrate();
    const out: Sender[] = [];
    for (let i = 0; i < n; i++) {
      const email = `chaos${i}-${randomBytes(3).toString('hex')}@example.org`;
      const password = `chaos password ${randomBytes(6).toString('hex')}`;
      const acc = await createAccount(handle.db, { email, name: `Chaos ${i}`, plan: 'paid', password });
      const { apiKey } = await createApiKey(handle.db, acc.id, 'chaos', new Date());
      out.push({ email, password, apiKey });
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** `vertraulich serve` as a child process; every unplanned exit is a crash. */
export class Service {
  child: ChildProcess | undefined;
  crashes = 0;
  readonly httpPort: number;
  readonly smtpPort: number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly logFile: string;

  private constructor(env: NodeJS.ProcessEnv, httpPort: number, smtpPort: number, logFile: string) {
    this.env = env;
    this.httpPort = httpPort;
    this.smtpPort = smtpPort;
    this.logFile = logFile;
  }

  static async create(opts: { dataDir: string; databaseUrl?: string; relayPort: number }): Promise<Service> {
    const [httpPort, smtpPort] = [await freePort(), await freePort()];
    mkdirSync(opts.dataDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(httpPort),
      SMTP_GATEWAY_PORT: String(smtpPort),
      PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
      DATA_DIR: opts.dataDir,
      DATABASE_URL: opts.databaseUrl ?? '',
      SMTP_URL: `smtp://127.0.0.1:${opts.relayPort}`,
      MAIL_FROM: 'vertraulich <noreply@vertraulich.test>',
      LOG_LEVEL: 'warn',
      // The fuzzer is one address opening hundreds of sessions; the per-address limit has its own tests.
      SMTP_GATEWAY_CONNECTIONS_PER_MINUTE: '1000000',
    };
    return new Service(env, httpPort, smtpPort, path.join(opts.dataDir, 'service.log'));
  }

  get base(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async start(): Promise<number> {
    const started = Date.now();
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [path.join(root, 'bin', 'vertraulich.mjs'), 'serve'], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.once('exit', () => {
      if (this.child === child) {
        this.crashes += 1;
        this.child = undefined;
      }
    });
    this.child = child;
    const up = await waitUntil(async () => (await fetch(`${this.base}/healthz`)).status === 200, 60_000);
    if (up < 0) throw new Error(`the service did not come up; see ${this.logFile}`);
    return Date.now() - started;
  }

  /** kill -9: nothing is flushed, closed or given back. */
  async kill9(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  get alive(): boolean {
    return this.child !== undefined;
  }
}
