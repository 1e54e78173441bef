import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BlockDeflateStream, looksIncompressible } from './deflate';

async function deflate(input: Uint8Array, chunk = 200_000): Promise<Buffer> {
  const stream = new BlockDeflateStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reading = new Response(stream.readable).arrayBuffer();
  for (let i = 0; i < input.length; i += chunk) await writer.write(input.subarray(i, i + chunk));
  await writer.close();
  return Buffer.from(await reading);
}

const text = Buffer.from('Befund: unauffällig. Kontrolle in sechs Monaten.\n'.repeat(60_000));

describe('BlockDeflateStream', () => {
  it('produces one raw deflate stream that inflates back to the input, across many blocks', async () => {
    const input = Buffer.concat([
      randomBytes(2_500_000),
      text,
      randomBytes(300_000),
      text.subarray(0, 12_345),
    ]);
    const out = await deflate(input);
    expect(inflateRawSync(out).equals(input)).toBe(true);
  });

  it('stores random blocks (barely any growth) and still compresses the text blocks', async () => {
    const random = randomBytes(3_000_000);
    const out = await deflate(Buffer.concat([random, text]));
    // Stored blocks cost 5 bytes per 64 KiB; text of ~3 MB shrinks to a few KB.
    expect(out.length).toBeLessThan(random.length + 200_000);
    expect(out.length).toBeGreaterThan(random.length);
  });

  it('deflates a small part, written in pieces, on the calling thread into the same valid stream', async () => {
    const input = text.subarray(0, 40_000);
    const out = await deflate(input, 1_000);
    expect(out.length).toBeLessThan(input.length / 10);
    expect(inflateRawSync(out).equals(input)).toBe(true);
  });

  it('handles empty input', async () => {
    expect(inflateRawSync(await deflate(new Uint8Array())).length).toBe(0);
  });

  it('passes other formats to the platform CompressionStream', async () => {
    const stream = new BlockDeflateStream('gzip');
    const writer = stream.writable.getWriter();
    const reading = new Response(stream.readable).arrayBuffer();
    await writer.write(text);
    await writer.close();
    const gz = Buffer.from(await reading);
    expect(gz.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});

describe('looksIncompressible', () => {
  it('tells random bytes from text', () => {
    expect(looksIncompressible(randomBytes(100_000))).toBe(true);
    expect(looksIncompressible(text)).toBe(false);
  });
});
