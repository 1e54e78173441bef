import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DrivenThunderbird, startDrivenThunderbird } from './helpers/thunderbird-driven';

// The harness's outgoing-server settings, as the SMTP gateway's tests use them: Thunderbird sends
// through the host and port given, authenticating with the user and password given (stored in its
// login manager over Marionette, since no pref holds an SMTP password).

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

let driven: DrivenThunderbird | undefined;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  driven = await startDrivenThunderbird({
    smtp: { host: '127.0.0.1', port, user: 'alice@example.org', password: 'Geheim-123' },
  });
}, 180_000);

afterAll(async () => {
  await driven?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

it('sends through the configured SMTP server with the configured user and password', async () => {
  if (!driven) throw new Error('Thunderbird did not start');
  const { control } = driven;
  const tabId = await control.compose({ to: ['bob@example.org'], subject: 'Über SMTP AUTH', body: 'Hallo' });
  const sent = await control.send(tabId);
  expect(sent).toMatchObject({ ok: true });
  expect(auths).toEqual([{ user: 'alice@example.org', password: 'Geheim-123' }]);
  expect(received).toHaveLength(1);
  expect(received[0]).toMatch(/^To: bob@example\.org$/m);
});

it('runs chrome-context scripts over Marionette', async () => {
  const version = await driven?.thunderbird.marionette?.chrome('return Services.appinfo.name;');
  expect(version).toBe('Thunderbird');
});
