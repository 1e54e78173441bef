import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test/helpers/smtp-sink';
import { classifySmtpError } from './classify';
import { createMailTransport } from './create-transport';
import type { MailTransport } from './transport';

const raw = Buffer.from('From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\nhello\r\n');
const envelope = { from: 'bounce@example.org', to: ['b@example.org', 'hidden@example.org'] };

describe('SMTP relay transport', () => {
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeAll(async () => {
    sink = await startSmtpSink();
    transport = createMailTransport({
      smtpUrl: `smtp://user:secret@127.0.0.1:${sink.port}`,
      dataDir: '/nonexistent',
    });
  });
  afterAll(async () => {
    await transport.close();
    await sink.close();
  });
  afterEach(() => sink.accept());

  it('delivers the bytes unchanged with the given envelope and no credentials in its description', async () => {
    const before = sink.messages.length;
    const out = await transport.send(envelope, raw);
    expect(out.accepted).toEqual(envelope.to);
    expect(out.rejected).toEqual([]);
    const got = sink.messages[before];
    expect(got?.from).toBe('bounce@example.org');
    expect(got?.to).toEqual(envelope.to);
    expect(got?.raw.toString()).toContain('hello');
    expect(transport.description).not.toContain('secret');
  });

  it('reports a recipient refused with 550 while the others are delivered', async () => {
    sink.reject(550, { recipients: ['hidden@example.org'] });
    const out = await transport.send(envelope, raw);
    expect(out.accepted).toEqual(['b@example.org']);
    expect(out.rejected).toHaveLength(1);
    expect(out.rejected[0]?.address).toBe('hidden@example.org');
    expect(out.rejected[0]?.failure.kind).toBe('permanent');
  });

  it('reports each recipient when all are refused with 451', async () => {
    sink.reject(451);
    const out = await transport.send(envelope, raw);
    expect(out.accepted).toEqual([]);
    expect(out.rejected.map((r) => [r.address, r.failure.kind])).toEqual([
      ['b@example.org', 'retryable'],
      ['hidden@example.org', 'retryable'],
    ]);
  });

  it('throws a permanent error when the relay refuses the data with 554', async () => {
    sink.reject(554, { stage: 'data' });
    const err = await transport.send(envelope, raw).catch((e: unknown) => e);
    expect(classifySmtpError(err)).toMatchObject({ kind: 'permanent', responseCode: 554 });
  });

  it('throws a retryable error while the relay is down', async () => {
    const down = await startSmtpSink();
    const t = createMailTransport({ smtpUrl: down.url, dataDir: '/nonexistent' });
    await down.stop();
    const err = await t.send(envelope, raw).catch((e: unknown) => e);
    expect(classifySmtpError(err).kind).toBe('retryable');
    await down.start();
    expect((await t.send(envelope, raw)).accepted).toEqual(envelope.to);
    await t.close();
    await down.close();
  });
});

describe('outbox folder transport', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vertraulich-outbox-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file with its envelope beside it, and no temporary files', async () => {
    const t = createMailTransport({ smtpUrl: undefined, dataDir: dir });
    const a = await t.send(envelope, raw);
    await t.send(envelope, raw);
    const files = (await readdir(path.join(dir, 'outbox'))).sort();
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.envelope.json'))).toHaveLength(2);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(await readFile(a.reference)).toEqual(raw);
    const env = JSON.parse(await readFile(a.reference.replace(/\.eml$/, '.envelope.json'), 'utf8'));
    expect(env).toEqual(envelope);
    expect(a.accepted).toEqual(envelope.to);
  });
});
