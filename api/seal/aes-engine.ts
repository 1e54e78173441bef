import { createCipheriv, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// WinZip AES (AE-2) with node:crypto (OpenSSL) instead of zip.js's WebAssembly engine: about ten
// times less CPU on a 25 MB attachment. zip.js keeps doing the format (salt, PBKDF2 key derivation,
// password verifier, authentication code placement); only the bulk cipher and MAC move here.
//
// The scheme (WinZip "AES Encryption Information", https://www.winzip.com/en/support/aes-encryption/):
// AES in CTR mode with a little-endian block counter starting at 1, and HMAC-SHA1 over the
// ciphertext, of which the first 10 bytes are stored. OpenSSL's CTR counts big-endian, so the
// key stream is made by encrypting the counter blocks with AES-ECB.
//
// zip.js exposes no public hook for this; `setAESEngine` is the one its own WebAssembly build uses.
// If a future zip.js moves it, `installAesEngine` reports false and zip.js's engine stays in place.

export interface AesEngine {
  process(data: Uint8Array, decrypt: boolean): void;
  digest(): Uint8Array;
}

const BLOCK = 16;

/** data ^= stream, four bytes at a time where both are aligned (they are, for zip.js's chunks). */
function xorInto(data: Uint8Array, stream: Uint8Array): void {
  let i = 0;
  if (data.byteOffset % 4 === 0 && stream.byteOffset % 4 === 0) {
    const words = data.length >>> 2;
    const d = new Uint32Array(data.buffer, data.byteOffset, words);
    const k = new Uint32Array(stream.buffer, stream.byteOffset, words);
    for (let w = 0; w < words; w++) d[w] = (d[w] ?? 0) ^ (k[w] ?? 0);
    i = words << 2;
  }
  for (; i < data.length; i++) data[i] = (data[i] ?? 0) ^ (stream[i] ?? 0);
}

export function createAesEngine(key: Uint8Array, authenticationKey: Uint8Array): AesEngine {
  const ecb = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  ecb.setAutoPadding(false);
  const hmac = createHmac('sha1', authenticationKey);
  let counter = 0;
  // Reused from chunk to chunk (zip.js sends them one at a time): a fresh one per chunk would leave
  // as much garbage behind as the data encrypted. Counter blocks have zeros past their first 8 bytes.
  let counters = new DataView(new ArrayBuffer(0));
  return {
    process(data, decrypt) {
      if (decrypt) hmac.update(data);
      const blocks = Math.ceil(data.length / BLOCK);
      if (counters.byteLength < blocks * BLOCK) counters = new DataView(new ArrayBuffer(blocks * BLOCK));
      for (let i = 0; i < blocks; i++) {
        counter++;
        counters.setUint32(i * BLOCK, counter % 0x1_0000_0000, true);
        counters.setUint32(i * BLOCK + 4, Math.floor(counter / 0x1_0000_0000), true);
      }
      xorInto(data, ecb.update(new Uint8Array(counters.buffer, 0, blocks * BLOCK)));
      if (!decrypt) hmac.update(data);
    },
    digest() {
      return new Uint8Array(hmac.digest());
    },
  };
}

type SetEngine = (create: (key: Uint8Array, authenticationKey: Uint8Array) => AesEngine) => void;

/** Points zip.js at createAesEngine; false when this zip.js has no such hook. */
export async function installAesEngine(): Promise<boolean> {
  try {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('@zip.js/zip.js/package.json'));
    const file = path.join(root, 'lib/core/streams/aes-crypto-stream.js');
    const mod = (await import(pathToFileURL(file).href)) as { setAESEngine?: SetEngine };
    if (typeof mod.setAESEngine !== 'function') return false;
    mod.setAESEngine(createAesEngine);
    return true;
  } catch {
    return false;
  }
}
