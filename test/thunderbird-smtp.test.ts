import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from '../thunderbird-ext/build';
import { GECKO_ID } from '../thunderbird-ext/package-config';
import { configureXpi } from '../thunderbird-ext/xpi';
import { type RunningThunderbird, startThunderbird } from './helpers/thunderbird';
import { startThunderbirdControl, type ThunderbirdControl } from './helpers/thunderbird-control';

// The harness's outgoing-server settings, as the SMTP gateway's tests use them: Thunderbird sends
// through the host and port given, authenticating with the user and password given (stored in its
// login manager over Marionette, since no pref holds an SMTP password).

const root = path.resolve(import.meta.dirname, '..');
const auths: { user: string; password: string }[] = [];
const received: string[] = [];
const server = new SMTPServer({
  authOptional: false,
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  onAuth(auth, _session, callback) {
    auths.push({ user: auth.username ?? '', password: auth.password ?? '' });
    if (auth.password === 'Geheim-123') callback(null, { user: auth.username });
    else callback(new Error('535 bad credentials'));
  },
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      callback();
    });
  },
});

let dir: string;
let control: ThunderbirdControl;
let thunderbird: RunningThunderbird | undefined;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  dir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-tb-smtp-'));
  control = await startThunderbirdControl();
  const built = await build({ root, outDir: dir, testHook: true });
  const xpi = await configureXpi(await readFile(built), 'http://127.0.0.1:9', control.hookFiles());
  thunderbird = await startThunderbird({
    smtp: { host: '127.0.0.1', port, user: 'alice@example.org', password: 'Geheim-123' },
    extensions: [{ id: GECKO_ID, xpi }],
  });
  await control.ready();
}, 180_000);

afterAll(async () => {
  await control?.close();
  await thunderbird?.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('sends through the configured SMTP server with the configured user and password', async () => {
  const tabId = await control.compose({ to: ['bob@example.org'], subject: 'Über SMTP AUTH', body: 'Hallo' });
  const sent = await control.send(tabId);
  expect(sent).toMatchObject({ ok: true });
  expect(auths).toEqual([{ user: 'alice@example.org', password: 'Geheim-123' }]);
  expect(received).toHaveLength(1);
  expect(received[0]).toMatch(/^To: bob@example\.org$/m);
});

it('runs chrome-context scripts over Marionette', async () => {
  const version = await thunderbird?.marionette?.chrome('return Services.appinfo.name;');
  expect(version).toBe('Thunderbird');
});
