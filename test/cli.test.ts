import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, freePort, runCli, type ServeProcess, startServe, tempDir } from './helpers/cli';

// The account commands on the embedded database, as support runs them: create, set-plan, unlock,
// and a plain refusal while the service holds the database.

const dataDir = tempDir();
const env = cleanEnv({ DATA_DIR: dataDir });
let created: { id: string; email: string; plan: string; apiKey: string };

beforeAll(async () => {
  const res = await runCli(
    ['account', 'create', '--email', ' Praxis@Example.org', '--plan', 'paid', '--name', 'Praxis Berg'],
    env,
  );
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  created = JSON.parse(res.stdout);
}, 240_000);

describe('vertraulich account', () => {
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

  it('unlock needs exactly one of --email and --ip', async () => {
    const none = await runCli(['account', 'unlock'], env);
    expect(none.code).toBe(2);
    const ip = await runCli(['account', 'unlock', '--ip', '203.0.113.9'], env);
    expect(ip.code).toBe(0);
    expect(JSON.parse(ip.stdout)).toEqual({ ip: '203.0.113.9', unlocked: false });
  });
});

describe('while the service holds the embedded database', () => {
  let serve: ServeProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    serve = await startServe(
      cleanEnv({ DATA_DIR: dataDir, PORT: String(port), SMTP_GATEWAY_PORT: String(await freePort()) }),
      port,
    );
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('the printed API key works against the running service', async () => {
    const res = await fetch(`${serve.url}/v1/account`, {
      headers: { authorization: `Bearer ${created.apiKey}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: created.id, name: 'Praxis Berg' });
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
