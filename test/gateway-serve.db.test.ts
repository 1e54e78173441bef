import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../api/accounts/accounts';
import { type Config, loadConfig } from '../api/config';
import { createLogger } from '../api/log';
import { type RunningServer, startServer } from '../api/server';
import { openDatabase } from '../db/client';
import { swaks } from './gateway-harness';
import { createTestDatabase, seedPgliteDataDir, type TestDatabase, testDatabaseKind } from './helpers/db';
import { parseSealed } from './helpers/sealed';
import { makeSelfSignedCert } from './helpers/self-signed-cert';
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink';
import { freePort } from './helpers/thunderbird';

// `serve` as configured from the environment: the gateway runs beside HTTP on SMTP_GATEWAY_PORT
// with STARTTLS from TLS_CERT_FILE/TLS_KEY_FILE, and with implicit TLS on SMTP_GATEWAY_TLS_PORT.
// swaks is the client, speaking TLS as a mail program would.

let dataDir: string;
let sink: SmtpSink;
let database: TestDatabase | undefined;
let server: RunningServer | undefined;
let config: Config;
const lines: string[] = [];
const user = {
  email: 'serve-gateway@praxis.example',
  password: `pw-${randomBytes(9).toString('base64url')}`,
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vertraulich-gateway-serve-'));
  sink = await startSmtpSink();
  const cert = await makeSelfSignedCert();
  if (testDatabaseKind() === 'postgres') database = await createTestDatabase();
  else await seedPgliteDataDir(dataDir);
  config = loadConfig({
    DATA_DIR: dataDir,
    SEAL_WORKERS: '1',
    DATABASE_URL: database?.url,
    PORT: String(await freePort()),
    SMTP_GATEWAY_PORT: String(await freePort()),
    SMTP_GATEWAY_TLS_PORT: String(await freePort()),
    TLS_CERT_FILE: cert.certFile,
    TLS_KEY_FILE: cert.keyFile,
    SMTP_URL: sink.url,
  });
  // The account first, while nobody else has the (embedded) database open.
  const handle = await openDatabase(config);
  await handle.migrate();
  await createAccount(handle.db, { ...user, plan: 'free' });
  await handle.close();
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  server = await startServer(config, createLogger({ level: 'debug', destination }));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.close();
  await sink?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const auth = () => ['--auth', 'PLAIN', '--auth-user', user.email, '--auth-password', user.password];

async function expectSealedAndReceipt(from: number) {
  const arrived = (await sink.waitFor(from + 2, 30_000)).slice(from);
  const sealed = arrived.find((m) => m.to.includes('bob@example.net'));
  const receipt = arrived.find((m) => m.to.length === 1 && m.to[0] === user.email);
  if (!sealed || !receipt) throw new Error('expected the sealed mail and the receipt at the relay');
  await parseSealed(sealed.raw);
  expect((await simpleParser(receipt.raw)).subject).toBe(
    'Ihre vertrauliche Nachricht ist versiegelt verschickt',
  );
}

describe('serve with TLS configured', () => {
  it('names the gateway ports in its start-up banner', () => {
    expect(server?.describe.join('\n')).toContain(
      `SMTP submission gateway on port ${config.smtpGatewayPort} (STARTTLS)`,
    );
    expect(server?.describe.join('\n')).toContain(`implicit TLS on port ${config.smtpGatewayTlsPort}`);
  });

  it('accepts AUTH after STARTTLS on SMTP_GATEWAY_PORT', async () => {
    const before = sink.messages.length;
    const run = await swaks([
      ...['--server', '127.0.0.1', '--port', String(config.smtpGatewayPort), '--tls', ...auth()],
      ...['--from', user.email, '--to', 'bob@example.net', '--header', 'Subject: Über TLS'],
    ]);
    // STARTTLS first, then AUTH and the message inside TLS (swaks marks those lines with ~).
    expect(run.output).toMatch(/-> +STARTTLS/);
    expect(run.output).toMatch(/<~ +235 /);
    expect(run.output).toMatch(/<~ +250 .*queued as msg_/);
    await expectSealedAndReceipt(before);
  });

  it('speaks TLS from the first byte on SMTP_GATEWAY_TLS_PORT', async () => {
    const before = sink.messages.length;
    const run = await swaks([
      ...['--server', '127.0.0.1', '--port', String(config.smtpGatewayTlsPort), '--tlsc', ...auth()],
      ...['--from', user.email, '--to', 'bob@example.net', '--header', 'Subject: Über TLS'],
    ]);
    expect(run.output).toMatch(/<~ +250 .*queued as msg_/);
    await expectSealedAndReceipt(before);
    expect(lines.join('')).not.toContain(user.password);
  });
});
