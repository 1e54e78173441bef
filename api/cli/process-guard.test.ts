import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashExitCode } from './process-guard';

// The guard is about the process itself, so each case runs in a child process of its own.

async function runChild(body: string): Promise<{ code: number | null; out: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vt-guard-'));
  const file = path.join(dir, 'child.ts');
  const guard = path.join(import.meta.dirname, 'process-guard.ts');
  const logMod = path.join(import.meta.dirname, '..', 'log.ts');
  writeFileSync(
    file,
    `import { guardProcess } from ${JSON.stringify(guard)};
import { createLogger } from ${JSON.stringify(logMod)};
const log = createLogger({ level: 'info' });
guardProcess({ log, stop: async () => { console.log('STOPPED'); } });
${body}
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

describe('the process guard of serve', () => {
  it('logs a rejection nobody handled and keeps the service running', async () => {
    const { code, out } = await runChild(`
Promise.reject(new Error('forgotten catch'));
setTimeout(() => { console.log('STILL ALIVE'); process.exit(0); }, 50);
`);
    expect(code).toBe(0);
    expect(out).toContain('unhandled promise rejection');
    expect(out).toContain('forgotten catch');
    expect(out).toContain('STILL ALIVE');
  }, 30_000);

  it('logs an uncaught exception, stops the service cleanly and exits non-zero for the supervisor', async () => {
    const { code, out } = await runChild(`
setTimeout(() => { throw new Error('state is broken'); }, 10);
setInterval(() => {}, 1000);
`);
    expect(code).toBe(crashExitCode);
    expect(out).toContain('uncaught exception');
    expect(out).toContain('state is broken');
    expect(out).toContain('STOPPED');
  }, 30_000);
});
