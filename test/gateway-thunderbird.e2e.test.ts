import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from '../thunderbird-ext/build';
import { GECKO_ID } from '../thunderbird-ext/package-config';
import { configureXpi } from '../thunderbird-ext/xpi';
import { type GatewayStack, startGatewayStack } from './gateway-harness';
import { extractWith7z, nthAttachment, parseSealed, pdfToText, requireTool } from './helpers/sealed';
import { type RunningThunderbird, requireThunderbird, startThunderbird } from './helpers/thunderbird';
import { startThunderbirdControl, type ThunderbirdControl } from './helpers/thunderbird-control';

// Issue 7 "Done when": real Thunderbird, with the gateway as its outgoing server (AUTH with the
// vertraulich account, plain on loopback), sends an ordinary message; the relay gets it sealed.
// The extension is installed only as the harness's remote control (compose and press Send); the
// message is not ticked confidential there, so the sealing is the gateway's.

const root = path.resolve(import.meta.dirname, '..');
let stack: GatewayStack;
let dir: string;
let control: ThunderbirdControl;
let thunderbird: RunningThunderbird | undefined;
let sender: { email: string; password: string; token: string };

beforeAll(async () => {
  await requireThunderbird();
  await Promise.all(['7z', 'pdftotext'].map(requireTool));
  stack = await startGatewayStack();
  sender = await stack.account('paid', 'Dr. Anna Berg');
  dir = await mkdtemp(path.join(os.tmpdir(), 'vertraulich-tb-gateway-'));
  control = await startThunderbirdControl();
  const built = await build({ root, outDir: dir, testHook: true });
  const xpi = await configureXpi(await readFile(built), 'http://127.0.0.1:9', control.hookFiles());
  thunderbird = await startThunderbird({
    smtp: { host: '127.0.0.1', port: stack.port, user: sender.email, password: sender.password },
    identity: { email: sender.email, name: 'Dr. Anna Berg' },
    extensions: [{ id: GECKO_ID, xpi }],
  });
  await control.ready();
}, 240_000);

afterAll(async () => {
  await control?.close();
  await thunderbird?.stop();
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('seals what Thunderbird sends through the gateway', async () => {
  const before = stack.sink.messages.length;
  const tabId = await control.compose({
    to: ['bob@example.net'],
    subject: 'Laborwerte über Thunderbird',
    body: 'Anbei die Laborwerte vom Dienstag.',
    attachments: [
      { name: 'labor.txt', contentType: 'text/plain', content: Buffer.from('Kalium 4,1 mmol/l') },
    ],
  });
  const sent = await control.send(tabId);
  expect(sent, thunderbird?.output()).toMatchObject({ ok: true });

  const [message] = await stack.history(sender.token);
  if (!message) throw new Error('the message is not in the history');
  expect(message.subject).toBe('Laborwerte über Thunderbird');
  const arrived = (await stack.sink.waitFor(before + 2, 60_000)).slice(before);
  const sealed = arrived.find((m) => m.to.includes('bob@example.net'));
  const receipt = arrived.find((m) => m.to.length === 1 && m.to[0] === sender.email);
  if (!sealed || !receipt) throw new Error('expected the sealed mail and the receipt at the relay');

  const opened = await parseSealed(sealed.raw);
  expect(opened.mail.subject).not.toContain('Laborwerte');
  const files = await extractWith7z(opened.zip, message.password);
  expect(nthAttachment(files, 1, 'txt')?.toString()).toBe('Kalium 4,1 mmol/l');
  expect(await pdfToText(opened.pdf, message.password)).toContain('Laborwerte vom Dienstag');
  expect(receipt.raw.toString()).not.toContain(message.password);
  expect(receipt.raw.toString()).toContain(`/#/history/${message.id}`);
});
