import { deflateRawSync } from 'node:zlib';
import { configure, Uint8ArrayReader, Writer, ZipWriter } from '@zip.js/zip.js';
import { installAesEngine } from './aes-engine';
import { BlockDeflateStream } from './deflate';
import type { ZipMethod } from './types';

// The encrypted ZIP. zip.js writes WinZip AES-256 in AE-2 form (no plaintext CRC that would let an
// attacker test guesses of the content) and, on request, legacy ZipCrypto. In Node there are no web
// workers, so zip.js runs in-process: AES-CTR and HMAC-SHA1 go to OpenSSL (aes-engine.ts), keys are
// derived with WebCrypto, and deflate goes to zlib through BlockDeflateStream, which stores what does
// not shrink.
configure({
  useWebWorkers: false,
  useCompressionStream: true,
  CompressionStream: BlockDeflateStream,
  CompressionStreamFallback: BlockDeflateStream,
});
/** Whether WinZip AES runs on node:crypto (see aes-engine.ts) rather than zip.js's own engine. */
export const nativeAes = await installAesEngine();

export interface ZipFile {
  name: string;
  content: Uint8Array;
}

const SAMPLE_BYTES = 32 * 1024;
const SAMPLES = 4;
/** Below this a file is deflated without asking: the sample would cost as much as the work. */
const SMALL = 64 * 1024;

/**
 * Whether deflate is worth it: compresses a few slices spread over the file at the fastest level
 * and deflates only when they shrink by at least 5%. JPEG, PNG, video, ZIP, Office files and
 * random data are stored, which is what 7-Zip does too, and is most of the speed on big mail.
 */
export function worthCompressing(content: Uint8Array): boolean {
  if (content.length <= SMALL) return true;
  let inBytes = 0;
  let outBytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const start = Math.floor(((content.length - SAMPLE_BYTES) * i) / (SAMPLES - 1));
    const slice = content.subarray(start, start + SAMPLE_BYTES);
    inBytes += slice.length;
    outBytes += deflateRawSync(slice, { level: 1 }).length;
  }
  return outBytes < inBytes * 0.95;
}

/**
 * Collects the archive in one buffer sized for the worst case up front. zip.js's Uint8ArrayWriter
 * doubles and copies as it grows and copies once more at the end: three times the archive at peak.
 * Pages of the reserve that are never written are never touched, so they cost no memory.
 */
class ArchiveWriter extends Writer<Uint8Array> {
  #buffer: Uint8Array;
  #length = 0;

  constructor(capacity: number) {
    super();
    this.#buffer = new Uint8Array(capacity);
  }

  override async writeUint8Array(array: Uint8Array): Promise<void> {
    const needed = this.#length + array.length;
    if (needed > this.#buffer.length) {
      const bigger = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      bigger.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = bigger;
    }
    this.#buffer.set(array, this.#length);
    this.#length = needed;
  }

  override async getData(): Promise<Uint8Array> {
    return this.#buffer.subarray(0, this.#length);
  }
}

/** Stored data plus zlib's worst case (5 bytes per 64 KiB block, flush markers) plus headers. */
function worstCase(files: ZipFile[]): number {
  const data = files.reduce((sum, f) => sum + f.content.length, 0);
  const perEntry = files.reduce((sum, f) => sum + 3 * Buffer.byteLength(f.name) + 256, 0);
  return data + Math.ceil(data / 128) + perEntry + 64 * 1024;
}

export async function buildZip(
  files: ZipFile[],
  password: string,
  method: ZipMethod,
  date: Date,
): Promise<Uint8Array> {
  const writer = new ZipWriter(new ArchiveWriter(worstCase(files)), {
    password,
    zipCrypto: method === 'zipcrypto',
    encryptionStrength: 3,
    useUnicodeFileNames: true,
    lastModDate: date,
  });
  for (const file of files) {
    await writer.add(file.name, new Uint8ArrayReader(file.content), {
      level: worthCompressing(file.content) ? 6 : 0,
    });
  }
  return writer.close();
}
