import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type Config, loadConfig } from '../../api/config';
import { type AppContext, type ContextParts, closeContext, createContext } from '../../api/context';
import { createMemoryTransport, type MemoryTransport } from '../../api/delivery/memory-transport';
import { createApp } from '../../api/http/app';
import { createLogger } from '../../api/log';
import { createInlineSealer } from '../../api/seal-pool/inline';
import { createMemorySmsSender, type MemorySmsSender } from '../../api/sms/memory-sender';
import { createClock, type TestClock } from './clock';
import { createTestDatabase, type TestDatabase } from './db';

export { createClock, type TestClock } from './clock';

// The HTTP app on a fresh test database, built like `serve` builds it (api/context.ts) but with
// fakes: a clock the test moves, mail and SMS kept in memory, every log line captured.
//
//   const t = await createTestApp();
//   const res = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
//   t.clock.advance(15 * 60_000);
//   await t.close();

export interface TestRequestInit extends Omit<RequestInit, 'body'> {
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  body?: string;
  /** Bearer token or API key. */
  token?: string;
  /** The client address the app sees (default 192.0.2.1). */
  ip?: string;
}

export interface TestAppOptions extends Pick<ContextParts, 'worker' | 'firstAttemptWaitMs' | 'sealer'> {
  config?: Config;
  now?: () => Date;
  /** The real adapters instead of the in-memory ones (e.g. built from a config naming a relay). */
  transport?: ContextParts['transport'];
  sms?: ContextParts['sms'];
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppContext;
  /** The in-memory transport and SMS sender, unless the options named others. */
  mail: MemoryTransport;
  texts: MemorySmsSender;
  database: TestDatabase;
  clock: TestClock;
  /** Every log line written so far, as text. */
  logs(): string;
  request(path: string, init?: TestRequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = createClock();
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // A data directory of its own, so an outbox or key file written by the app never meets another test's.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vertraulich-app-'));
  // Every request comes from one made-up client address, and test files sign up many accounts: the
  // sign-up limit (default 5 an hour) is raised here; its own test sets it (api/limits).
  const config =
    options.config ??
    loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'debug', LIMIT_SIGNUPS_PER_IP_PER_HOUR: '1000' });
  const mail = createMemoryTransport();
  const texts = createMemorySmsSender();
  const deps = await createContext({
    config,
    db: database.db,
    log: createLogger({ level: 'debug', destination }),
    now: options.now ?? clock.now,
    transport: options.transport ?? mail,
    sms: options.sms ?? texts,
    worker: options.worker,
    // In-process sealing unless a test brings the pool: each worker thread takes seconds to start.
    sealer: options.sealer ?? createInlineSealer(),
    firstAttemptWaitMs: options.firstAttemptWaitMs,
  });
  const app = createApp(deps);
  return {
    app,
    deps,
    mail,
    texts,
    database,
    clock,
    logs: () => lines.join(''),
    request(path, init = {}) {
      const { json, token, ip, headers, body, ...rest } = init;
      const h = new Headers(headers);
      if (token !== undefined) h.set('authorization', `Bearer ${token}`);
      if (json !== undefined) h.set('content-type', 'application/json');
      const env = { incoming: { socket: { remoteAddress: ip ?? '192.0.2.1' } } };
      const payload = json !== undefined ? JSON.stringify(json) : body;
      return Promise.resolve(app.request(path, { ...rest, headers: h, body: payload }, env));
    },
    async close() {
      await closeContext(deps);
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
