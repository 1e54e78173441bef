import { randomBytes } from 'node:crypto';
import {
  BlobReader,
  TextWriter,
  Uint8ArrayReader,
  Uint8ArrayWriter,
  ZipReader,
  ZipWriter,
} from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { extractWith7z } from '../../test/helpers/sealed';
import { createAesEngine } from './aes-engine';
import { buildZip, nativeAes } from './zip';

describe('WinZip AES on node:crypto', () => {
  it('is installed into zip.js', () => {
    expect(nativeAes).toBe(true);
  });

  it('round-trips with itself over chunks of any length, and the MAC covers the ciphertext', () => {
    const key = randomBytes(32);
    const mac = randomBytes(32);
    const plain = randomBytes(100_003);
    const enc = createAesEngine(key, mac);
    const cipher = Buffer.from(plain);
    enc.process(cipher.subarray(0, 4096), false);
    enc.process(cipher.subarray(4096, 65_536), false);
    enc.process(cipher.subarray(65_536), false);
    expect(cipher.equals(plain)).toBe(false);
    const dec = createAesEngine(key, mac);
    const back = Buffer.from(cipher);
    dec.process(back, true);
    expect(back.equals(plain)).toBe(true);
    expect(Buffer.from(dec.digest())).toEqual(Buffer.from(enc.digest()));
  });

  it('writes archives that 7-Zip and zip.js open, and zip.js refuses a wrong password', async () => {
    const files = [
      { name: 'a.bin', content: randomBytes(3_000_017) },
      { name: 'b.txt', content: Buffer.from('Grüße aus der Praxis\n'.repeat(5000)) },
      { name: 'leer.txt', content: new Uint8Array() },
    ];
    const zip = await buildZip(files, 'Kx7m-P2qr-9Tzb', 'aes256', new Date());
    const out = await extractWith7z(zip, 'Kx7m-P2qr-9Tzb');
    for (const f of files) expect(out.get(f.name)?.equals(Buffer.from(f.content))).toBe(true);

    const reader = new ZipReader(new Uint8ArrayReader(zip), { password: 'Kx7m-P2qr-9Tzb' });
    const entries = await reader.getEntries();
    const b = entries.find((e) => e.filename === 'b.txt');
    expect(b && !b.directory ? await b.getData(new TextWriter()) : '').toContain('Grüße aus der Praxis');
    const a = entries.find((e) => e.filename === 'a.bin');
    const aBytes = a && !a.directory ? await a.getData(new Uint8ArrayWriter()) : new Uint8Array();
    expect(Buffer.from(aBytes).equals(files[0]?.content ?? Buffer.alloc(0))).toBe(true);
    await reader.close();

    const wrong = new ZipReader(new Uint8ArrayReader(zip), { password: 'falsch' });
    const first = (await wrong.getEntries())[0];
    await expect(
      first && !first.directory
        ? first.getData(new Uint8ArrayWriter())
        : Promise.reject(new Error('no entry')),
    ).rejects.toThrow();
  });

  it('still lets zip.js write what it writes itself (ZipCrypto path untouched)', async () => {
    const writer = new ZipWriter(new Uint8ArrayWriter(), { password: 'pw', zipCrypto: true });
    await writer.add('x.txt', new BlobReader(new Blob(['hallo'])));
    const zip = await writer.close();
    expect((await extractWith7z(zip, 'pw')).get('x.txt')?.toString()).toBe('hallo');
  });
});
