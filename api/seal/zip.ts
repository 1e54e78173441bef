import { deflateRawSync } from 'node:zlib';
import { configure, Reader, Writer, ZipWriter } from '@zip.js/zip.js';
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
/** How much of a streamed file decides whether it is deflated. */
const HEAD_BYTES = 128 * 1024;

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

/**
 * Hands zip.js views of the content instead of copies (Uint8ArrayReader slices): both encryption
 * streams and deflate write into buffers of their own and never change their input, so a 25 MB
 * attachment no longer leaves 25 MB of copies behind for the garbage collector.
 */
class ViewReader extends Reader<Uint8Array> {
  readonly #content: Uint8Array;

  constructor(content: Uint8Array) {
    super(content);
    this.#content = content;
    this.size = content.length;
  }

  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    return this.#content.subarray(index, index + length);
  }
}

/** Stored data plus zlib's worst case (5 bytes per 64 KiB block, flush markers) plus headers. */
export function worstCase(files: ZipFile[]): number {
  const data = files.reduce((sum, f) => sum + f.content.length, 0);
  const perEntry = files.reduce((sum, f) => sum + 3 * Buffer.byteLength(f.name) + 256, 0);
  return data + Math.ceil(data / 128) + perEntry + 64 * 1024;
}

/** zip.js reads a stream of unknown length from this; `bytes` counts what went through. */
function webStream(source: AsyncIterable<unknown>, counted: { bytes: number }): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) {
        controller.close();
        return;
      }
      const chunk = next.value as Uint8Array;
      counted.bytes += chunk.length;
      controller.enqueue(chunk);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * An archive filled entry by entry: from bytes, or from a stream (an attachment as it is decoded,
 * so it is never held whole). `capacity` is a generous estimate of the archive's size.
 */
export class ZipBuilder {
  readonly #writer: ZipWriter<Uint8Array>;

  constructor(capacity: number, password: string, method: ZipMethod, date: Date) {
    this.#writer = new ZipWriter(new ArchiveWriter(capacity), {
      password,
      zipCrypto: method === 'zipcrypto',
      encryptionStrength: 3,
      useUnicodeFileNames: true,
      lastModDate: date,
    });
  }

  async add(file: ZipFile): Promise<void> {
    await this.#writer.add(file.name, new ViewReader(file.content), {
      level: worthCompressing(file.content) ? 6 : 0,
    });
  }

  /**
   * A stream cannot be sampled all over as bytes can, so its first 128 KiB decide. When they do not
   * shrink, a file of a named type (a JPEG, a ZIP, a video) is stored whole; one of unknown type
   * (application/octet-stream) may be a mix, so it is deflated, and BlockDeflateStream stores each
   * 1 MiB block that does not shrink. Returns the number of bytes the entry holds.
   */
  async addStream(name: string, contentType: string, content: AsyncIterable<unknown>): Promise<number> {
    const it = content[Symbol.asyncIterator]();
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes < HEAD_BYTES) {
      const next = await it.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = next.value as Uint8Array;
      head.push(chunk);
      headBytes += chunk.length;
    }
    const deflate =
      contentType === 'application/octet-stream' || worthCompressing(Buffer.concat(head, headBytes));
    const level = deflate ? 6 : 0;
    async function* whole(): AsyncGenerator<Uint8Array> {
      yield* head.splice(0);
      if (ended) return;
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value as Uint8Array;
    }
    const counted = { bytes: 0 };
    await this.#writer.add(name, webStream(whole(), counted), { level });
    return counted.bytes;
  }

  /** Ends the archive; `comment` becomes the archive comment (readable without the password). */
  close(comment?: Uint8Array): Promise<Uint8Array> {
    return this.#writer.close(comment);
  }
}

export async function buildZip(
  files: ZipFile[],
  password: string,
  method: ZipMethod,
  date: Date,
): Promise<Uint8Array> {
  const zip = new ZipBuilder(worstCase(files), password, method, date);
  for (const file of files) await zip.add(file);
  return zip.close();
}
