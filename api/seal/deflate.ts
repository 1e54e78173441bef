import { promisify } from 'node:util';
import { constants, deflateRaw, deflateRawSync } from 'node:zlib';

// Deflate for zip.js that skips what does not compress, block by block, and uses both cores.
//
// Mail attachments are often a mix: a PDF with embedded JPEGs, a log with a binary dump. zlib spends
// the same effort on random bytes as on text, for nothing. So the input is cut into 1 MiB blocks;
// each is deflated by zlib on its own in Node's thread pool (pigz does the same) with a full flush
// (Z_FULL_FLUSH, RFC 1951 blocks ending on a byte boundary, no back-references across blocks), at
// level 0 (stored blocks) when a quick sample shows it will not shrink. The block outputs in order,
// closed by zlib's own empty final block, form one valid raw deflate stream.

const BLOCK = 1024 * 1024;
const PARALLEL = 2;
/** A whole entry below this is deflated at once on the calling thread: the pool's hop costs more. */
const INLINE = 64 * 1024;
const SAMPLE = 16 * 1024;
const deflateRawAsync = promisify(deflateRaw);
/** zlib's encoding of an empty input: a final, empty block (BFINAL=1). */
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0));

/** True when a sample from the middle of `data` shrinks by less than 3% at zlib's fastest level. */
export function looksIncompressible(data: Uint8Array): boolean {
  const start = Math.max(0, Math.floor(data.length / 2) - SAMPLE / 2);
  const sample = data.subarray(start, start + SAMPLE);
  if (sample.length < 1024) return false;
  return deflateRawSync(sample, { level: 1 }).length > sample.length * 0.97;
}

function compressBlock(block: Buffer, level: number, inline = false): Promise<Buffer> {
  const options = { level: looksIncompressible(block) ? 0 : level, finishFlush: constants.Z_FULL_FLUSH };
  return inline ? Promise.resolve(deflateRawSync(block, options)) : deflateRawAsync(block, options);
}

/**
 * A CompressionStream look-alike for zip.js's `configure({ CompressionStream })`. Formats other than
 * raw deflate (zip.js asks for gzip in some paths) go to the platform's own CompressionStream.
 */
export class BlockDeflateStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;

  constructor(format: string, options?: { level?: number }) {
    if (format !== 'deflate-raw') {
      const native = new CompressionStream(format as CompressionFormat);
      this.readable = native.readable as ReadableStream<Uint8Array>;
      this.writable = native.writable as WritableStream<Uint8Array>;
      return;
    }
    const level = options?.level ?? 6;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const inflight: Promise<Buffer>[] = [];
    let blocks = 0;
    const startBlock = (inline = false) => {
      blocks++;
      inflight.push(compressBlock(Buffer.concat(pending, pendingBytes), level, inline));
      pending = [];
      pendingBytes = 0;
    };
    const stream = new TransformStream<Uint8Array, Uint8Array>({
      async transform(chunk, controller) {
        pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= BLOCK) startBlock();
        while (inflight.length >= PARALLEL) {
          const done = inflight.shift();
          if (done) controller.enqueue(await done);
        }
      },
      async flush(controller) {
        // Most mail parts (the .eml, a letter, a small PDF) are one small block: no thread pool for those.
        if (pendingBytes > 0) startBlock(blocks === 0 && pendingBytes < INLINE);
        for (const done of inflight) controller.enqueue(await done);
        controller.enqueue(FINAL_BLOCK);
      },
    });
    this.readable = stream.readable;
    this.writable = stream.writable;
  }
}
