import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, get, runCli, type ServeProcess, startServe, tempDir } from './helpers/cli';
import { seedPgliteDataDir } from './helpers/db';

// The account commands on the embedded database, as support runs them: create, set-plan, unlock,
// suspend/unsuspend,
// and a plain refusal while the service holds the database.

const dataDir = tempDir();
const env = cleanEnv({ DATA_DIR: dataDir });
let created: { id: string; email: string; plan: string; apiKey: string };

beforeAll(async () => {
  await seedPgliteDataDir(dataDir);
  const res = await runCli(
    ['account', 'create', '--email', ' Praxis@Example.org', '--plan', 'paid', '--name', 'Praxis Berg'],
    env,
  );
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  created = JSON.parse(res.stdout);
}, 240_000);

describe('vertraulich account', { timeout: 180_000 }, () => {
  it('create prints id, email, plan and an API key as one JSON object', () => {
    expect(Object.keys(created).sort()).toEqual(['apiKey', 'email', 'id', 'plan']);
    expect(created).toMatchObject({ email: 'praxis@example.org', plan: 'paid' });
    expect(created.id).toMatch(/^acc_/);
    expect(created.apiKey).toMatch(/^vtk_/);
  });

  it('create refuses a taken address and a short password in plain words', async () => {
    const taken = await runCli(['account', 'create', '--email', 'praxis@example.org'], env);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/exists already/);
    const short = await runCli(
      ['account', 'create', '--email', 'new@example.org', '--password', 'short'],
      env,
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
  });

  it('set-plan changes the plan and rejects an unknown one', async () => {
    const res = await runCli(['account', 'set-plan', '--email', 'praxis@example.org', '--plan', 'free'], env);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ id: created.id, plan: 'free' });
    const bad = await runCli(['account', 'set-plan', '--email', 'praxis@example.org', '--plan', 'gold'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/free or paid/);
  });

  it('suspend records the reason, unsuspend lifts it, and both name an unknown address plainly', async () => {
    const on = await runCli(
      ['account', 'suspend', '--email', 'Praxis@example.org', '--reason', 'Spam reported by recipients'],
      env,
    );
    expect(on.code).toBe(0);
    expect(JSON.parse(on.stdout)).toEqual({
      id: created.id,
      email: 'praxis@example.org',
      suspended: true,
      reason: 'Spam reported by recipients',
    });
    const off = await runCli(['account', 'unsuspend', '--email', 'praxis@example.org'], env);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ suspended: false, reason: null });
    const unknown = await runCli(['account', 'suspend', '--email', 'nobody@example.org'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account with the email address nobody@example.org/);
  });

  it('unlock needs exactly one of --email and --ip', async () => {
    const none = await runCli(['account', 'unlock'], env);
    expect(none.code).toBe(2);
    const ip = await runCli(['account', 'unlock', '--ip', '203.0.113.9'], env);
    expect(ip.code).toBe(0);
    expect(JSON.parse(ip.stdout)).toEqual({ ip: '203.0.113.9', unlocked: false });
  });
});

describe('vertraulich serve', { timeout: 180_000 }, () => {
  it('stops at a bad value, naming the variable', async () => {
    const res = await runCli(['serve'], cleanEnv({ DATA_DIR: dataDir, PORT: 'eighty' }));
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/PORT/);
    const tls = await runCli(['serve'], cleanEnv({ DATA_DIR: dataDir, TLS_CERT_FILE: '/nonexistent.pem' }));
    expect(tls.code).toBe(1);
    expect(tls.stderr).toMatch(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
  });
});

function selfSignedCertificate(): { cert: string; key: string } {
  const dir = tempDir();
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'];
  try {
    execFileSync('openssl', [...args, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  } catch (err) {
    throw new Error(
      `this test needs openssl (Debian package openssl) for a certificate: ${(err as Error).message}`,
    );
  }
  return { cert, key };
}

describe('while the service holds the embedded database (over HTTPS from TLS_CERT_FILE/TLS_KEY_FILE)', {
  timeout: 180_000,
}, () => {
  let serve: ServeProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    const { cert, key } = selfSignedCertificate();
    const serveEnv = cleanEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      SMTP_GATEWAY_PORT: String(await freePort()),
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
    });
    serve = await startServe(serveEnv, port, 'https');
  }, 240_000);
  afterAll(async () => {
    await serve?.stop();
  });

  it('the printed API key works against the running service', async () => {
    expect(serve.url).toMatch(/^https:/);
    expect(serve.stderr()).toContain(`https://localhost:${port}`);
    const res = await get(`${serve.url}/v1/account`, { authorization: `Bearer ${created.apiKey}` });
    expect(res.status).toBe(200);
    // Made by the operator: verified, it can send at once.
    expect(JSON.parse(res.body)).toMatchObject({ id: created.id, name: 'Praxis Berg', verified: true });
  });

  it('names a mistake in the arguments before it looks at the database', async () => {
    const plan = await runCli(
      ['account', 'set-plan', '--email', 'praxis@example.org', '--plan', 'gold'],
      env,
    );
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/free or paid, not 'gold'/);
    const short = await runCli(
      ['account', 'create', '--email', 'new@example.org', '--password', 'short'],
      env,
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    expect(short.stderr).not.toMatch(/in use/);
  });

  it.each([
    [['account', 'unlock', '--email', 'praxis@example.org']],
    [['account', 'create', '--email', 'other@example.org']],
    [['migrate']],
  ])('%j refuses and says the database is in use', async (args) => {
    const res = await runCli(args, env);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/in use by another vertraulich process \(pid \d+\); stop the service first/);
  });
});
