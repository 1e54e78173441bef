import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../api/config';
import { createApp } from '../../api/http/app';
import type { AppDeps } from '../../api/http/env';
import { createLogger } from '../../api/log';
import { createTestDatabase, type TestDatabase } from './db';

// The HTTP app on a fresh test database, with a clock the test moves and every log line captured.
//
//   const t = await createTestApp();
//   const res = await t.request('/v1/auth/login', { method: 'POST', json: { email, password } });
//   t.clock.advance(15 * 60_000);
//   await t.close();

export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(date: Date): void;
}

export function createClock(start = new Date('2026-03-02T09:00:00Z')): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (date) => {
      current = date.getTime();
    },
  };
}

export interface TestRequestInit extends Omit<RequestInit, 'body'> {
  /** Sent as JSON with Content-Type application/json. */
  json?: unknown;
  body?: string;
  /** Bearer token or API key. */
  token?: string;
  /** The client address the app sees (default 192.0.2.1). */
  ip?: string;
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  database: TestDatabase;
  clock: TestClock;
  /** Every log line written so far, as text. */
  logs(): string;
  request(path: string, init?: TestRequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
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
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
  const deps: AppDeps = {
    config,
    db: database.db,
    log: createLogger({ level: 'debug', destination }),
    now: clock.now,
    ...overrides,
  };
  const app = createApp(deps);
  return {
    app,
    deps,
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
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
