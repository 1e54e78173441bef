import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Runs the real `vertraulich` entry point (bin/vertraulich.mjs) as a child process, the way a user does.

export const binPath = path.resolve(import.meta.dirname, '../../bin/vertraulich.mjs');

export function tempDir(prefix = 'vertraulich-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A port that was free a moment ago (the contract wants a fixed PORT, so the test picks one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The environment without anything that would point a child at the developer's own database. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const name of [
    'DATABASE_URL',
    'PORT',
    'DATA_DIR',
    'SMTP_URL',
    'TWILIO_ACCOUNT_SID',
    'MASTER_KEY',
    'TEST_DATABASE',
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [binPath, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface SimpleResponse {
  status: number;
  body: string;
}

/** GET over http or https; https accepts the self-signed certificate of a test. */
export function get(url: string, headers: Record<string, string> = {}): Promise<SimpleResponse> {
  if (!url.startsWith('https:')) {
    return fetch(url, { headers }).then(async (r) => ({ status: r.status, body: await r.text() }));
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { headers, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += String(d);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `serve` and waits until /healthz answers 200 (or the process dies, or 170 s pass). */
export async function startServe(
  env: NodeJS.ProcessEnv,
  port: number,
  scheme: 'http' | 'https' = 'http',
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [binPath, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  child.stdout?.resume();
  const url = `${scheme}://127.0.0.1:${port}`;
  const deadline = Date.now() + 170_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${err}`);
    try {
      const res = await get(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`serve did not answer /healthz in time: ${err}`);
  }
  return {
    child,
    url,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
