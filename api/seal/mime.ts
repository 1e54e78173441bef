import { Readable } from 'node:stream';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

// MIME in and out goes through nodemailer (composing) and mailparser (reading): no hand-written MIME.

export interface Mailbox {
  name?: string;
  address: string;
}

/**
 * A stream's bytes in one buffer reserved up front (`reserve`, a generous estimate), growing only if
 * that was too small: not chunks concatenated at the end, which holds everything twice. Pages of the
 * reserve that are never written cost no memory; when less than half is used, the bytes are copied
 * out so the reserve is freed at once.
 */
export async function collectStream(stream: AsyncIterable<unknown>, reserve: number): Promise<Buffer> {
  let buffer = Buffer.alloc(Math.max(reserve, 16 * 1024));
  let length = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    if (length + bytes.length > buffer.length) {
      const bigger = Buffer.alloc(Math.max(length + bytes.length, buffer.length * 2));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    bytes.copy(buffer, length);
    length += bytes.length;
  }
  return length * 2 < buffer.length ? Buffer.from(buffer.subarray(0, length)) : buffer.subarray(0, length);
}

/** RFC 5322 bytes with CRLF line ends for the given message; `expectedBytes` as for collectStream. */
export function composeMime(mail: Mail.Options, expectedBytes = 0): Promise<Buffer> {
  return collectStream(new MailComposer(mail).compile().createReadStream(), expectedBytes);
}

/**
 * `bytes` as a stream of slices. mailparser and nodemailer both work a chunk at a time; handed one
 * big buffer, they turn all of it at once into lines or base64 text, holding several copies. Slices
 * stay under 64 KiB so that the strings made from each (base64 is a third longer) stay below V8's
 * large-object size (128 KiB): those die young, where large objects wait for a full collection. With
 * 192 KiB slices, a 34 MB message left some 40 MB of such strings behind while being sealed.
 */
export function sliced(bytes: Uint8Array, size = 48 * 1024): Readable {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Readable.from(
    (function* () {
      for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
    })(),
    { objectMode: false },
  );
}

/** Bytes of `n` bytes in base64 with 76-character lines and CRLF (RFC 2045 6.8). */
export function base64Size(n: number): number {
  const chars = Math.ceil(n / 3) * 4;
  return chars + Math.ceil(chars / 76) * 2;
}

/** Parses `Name <a@b>` (or a bare address); undefined when it holds no address. */
export function parseMailbox(value: string): Mailbox | undefined {
  for (const entry of addressparser(value, { flatten: true })) {
    if (entry.address)
      return entry.name ? { name: entry.name, address: entry.address } : { address: entry.address };
  }
  return undefined;
}

/** `Name <address>` for display (PDF header block); the bare address when there is no name. */
export function formatMailbox(m: Mailbox): string {
  return m.name ? `${m.name} <${m.address}>` : m.address;
}

/** Phone numbers written as addresses (`+49…@sms.local`) get the password by SMS, never mail. */
export function isSmsAddress(address: string): boolean {
  return /@sms\.local$/i.test(address.trim().replace(/>$/, ''));
}
