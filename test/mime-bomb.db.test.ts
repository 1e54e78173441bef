import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayStack, startGatewayStack, submitRaw } from './gateway-harness';
import { extractWith7z, parseSealed, requireTool } from './helpers/sealed';

// Issue 16: a message the MIME parser refuses for its structure (2,000 nested multiparts: mailparser
// says "Max allowed child nodes exceeded") was answered 451 4.3.0, so the sending server retried it for
// days. Like any other unparseable input it is accepted and sealed byte for byte.

let stack: GatewayStack;
beforeAll(async () => {
  await requireTool('7z');
  stack = await startGatewayStack();
});
afterAll(async () => {
  await stack?.close();
});

function nestedMultiparts(depth: number): Buffer {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    close = `\r\n--b${i}--\r\n${close}`;
  }
  const head = 'From: bomb@example.org\r\nTo: bob@example.net\r\nSubject: Bombe\r\nMIME-Version: 1.0\r\n';
  return Buffer.from(`${head}${open}Content-Type: text/plain\r\n\r\ninnen${close}`);
}

function manyParts(count: number): Buffer {
  const parts = Array.from({ length: count }, (_, i) => `--p\r\nContent-Type: text/plain\r\n\r\n${i}\r\n`);
  return Buffer.from(
    'From: bomb@example.org\r\nTo: bob@example.net\r\nMIME-Version: 1.0\r\n' +
      `Content-Type: multipart/mixed; boundary="p"\r\n\r\n${parts.join('')}--p--\r\n`,
  );
}

describe.each([
  ['2,000 nested multiparts', nestedMultiparts(2000)],
  ['20,000 parts side by side', manyParts(20_000)],
])('a message the parser refuses for its structure: %s', (_what, bomb) => {
  it('is accepted with 250 and sealed byte for byte, never answered 451', async () => {
    const sender = await stack.account('paid');
    // The gateway takes only the account's own address as From (issue 14).
    const raw = Buffer.from(bomb.toString('latin1').replace('bomb@example.org', sender.email), 'latin1');
    const before = stack.sink.messages.length;
    const reply = await submitRaw(stack.port, sender, 'bob@example.net', raw);
    expect(reply).toMatch(/^250 /);

    const [message] = await stack.history(sender.token);
    if (!message) throw new Error('the message is not in the history');
    const sealed = (await stack.sink.waitFor(before + 1, 60_000))
      .slice(before)
      .find((m) => m.to.includes('bob@example.net'));
    if (!sealed) throw new Error('the sealed mail did not reach the relay');
    const files = await extractWith7z((await parseSealed(sealed.raw)).zip, message.password);
    const verbatim = [...files.values()].find((b) => b.length === raw.length);
    expect(verbatim?.equals(raw)).toBe(true);
  }, 120_000);
});
