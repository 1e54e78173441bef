import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildServer, currentServerEntry } from '../scripts/build-server.mjs';

// The production build (issue 15): the service and the CLI run as compiled JavaScript, and the
// sealing pool's worker threads load the built code, not TypeScript through tsx.

const run = promisify(execFile);

async function generation(): Promise<string> {
  const entry = await currentServerEntry();
  return entry ? path.dirname(entry) : buildServer({ quiet: true });
}

describe('dist/server', { timeout: 120_000 }, () => {
  it('imports no TypeScript loader: tsx is not needed at run time', async () => {
    const dir = await generation();
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.mjs'))) {
      const code = await readFile(path.join(dir, file), 'utf8');
      expect(code, file).not.toMatch(/from\s*["']tsx|import\(["']tsx/);
    }
  });

  it('its sealing worker seals in plain Node.js, without tsx', async () => {
    const worker = path.join(await generation(), 'worker.mjs');
    const script = `
      const { Piscina } = await import('piscina');
      const pool = new Piscina({ filename: ${JSON.stringify(worker)} });
      const raw = new TextEncoder().encode('From: a@example.org\\r\\nSubject: Grüße\\r\\n\\r\\nHallo\\r\\n');
      const out = await pool.run({ input: { raw }, options: { password: 'Abcd-Efgh-Ijkl-Mnop-Qrst' } });
      await pool.destroy();
      console.log(JSON.stringify({ ok: out.ok, bytes: out.ok ? out.result.sealedMessage.length : 0 }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const answer = JSON.parse(stdout) as { ok: boolean; bytes: number };
    expect(answer.ok).toBe(true);
    expect(answer.bytes).toBeGreaterThan(1000);
  });
});
