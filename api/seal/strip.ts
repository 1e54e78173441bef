import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { Splitter } from '@zone-eu/mailsplit';
import { buildHeaderValue } from 'nodemailer/lib/mime-funcs';
import { isBase64Text } from './lossless';
import { sliced } from './mime';

// The .eml inside the ZIP is the original message with its attachments taken out, nothing else
// changed: mailsplit hands over the message part by part and gives back the very bytes it read
// for every part left alone (headers in the obsolete syntax of RFC 5322 §4 included), so the
// original header block, the body and the inline images stay as they were. Each attachment is
// decoded into the ZIP as it is read and leaves a stand-in behind (RFC 2046 §5.2.3
// message/external-body, access-type local-file): it names the ZIP entry and keeps the part's own
// headers, the original file name among them, so the name stands only inside the encryption.

/** An attachment handed over while it is decoded, to be read to its end before the pass goes on. */
export interface StreamedFile {
  filename: string | undefined;
  contentType: string;
  content: AsyncIterable<unknown>;
}

/** Where the attachment went: its neutral ZIP entry name and the name shown for it. */
export interface Stored {
  entry: string;
  shown: string;
}

export type FileSink = (file: StreamedFile) => Promise<Stored>;

export interface Stripped {
  /** The message without its attachments: the .eml that goes into the ZIP. */
  inner: Buffer;
  /** A base64 attachment held characters a decoder drops: its bytes in the ZIP differ from the sender's. */
  lossy: boolean;
}

type Node = InstanceType<typeof import('@zone-eu/mailsplit').MimeNode>;
/** The splitter's output: a node is handed over as itself (type 'node'), bytes as `value`. */
type Chunk = (Node & { type: 'node' }) | { type: 'data' | 'body'; value?: Buffer };

/** A node the splitter hands over has its headers parsed. */
function headersOf(node: Node): Exclude<Node['headers'], false> {
  if (!node.headers) throw new Error('a MIME node without parsed headers');
  return node.headers;
}

// What mailparser reads as the body rather than as an attachment (its `textTypes`).
const TEXT_TYPES = ['text/plain', 'text/html', 'message/delivery-status'];

/**
 * An attachment in mailparser's sense (a leaf that is not inline text), except an image the HTML
 * shows through its Content-ID: one with a Content-ID inside multipart/related (RFC 2387) stays in
 * the .eml so the message shows as written. Apple Mail sends photos inline with a Content-ID in
 * multipart/mixed beside plain text: those are files like any other.
 */
export function isAttachment(node: Node): boolean {
  if (node.multipart || node.messageNode) return false;
  const type = node.contentType || 'text/plain';
  const declared = node.disposition;
  const disposition =
    declared === 'inline' || declared === 'attachment'
      ? declared
      : declared || !TEXT_TYPES.includes(type)
        ? 'attachment'
        : 'inline';
  if (TEXT_TYPES.includes(type) && disposition === 'inline') return false;
  const inlineImage = type.startsWith('image/') && declared !== 'attachment';
  const related = node.parentNode !== false && node.parentNode.multipart === 'related';
  return !(inlineImage && related && headersOf(node).hasHeader('content-id'));
}

/** The stand-in's header lines, and its body: the part's own headers, as RFC 2046 wants them. */
function standIn(node: Node, stored: Stored): Buffer {
  const headers = headersOf(node);
  const own = headers.getList().filter((h) => h.key.startsWith('content-'));
  for (const key of new Set(own.map((h) => h.key))) headers.remove(key);
  const at = Number.MAX_SAFE_INTEGER;
  headers.add(
    'Content-Type',
    buildHeaderValue({
      value: 'message/external-body',
      params: { 'access-type': 'local-file', name: stored.entry },
    }),
    at,
  );
  headers.add(
    'Content-Disposition',
    buildHeaderValue({ value: 'attachment', params: { filename: stored.shown } }),
    at,
  );
  // The /open page reads the entry's name from here (postal-mime reports the description).
  headers.add('Content-Description', stored.entry, at);
  // The file in the ZIP is decoded: its transfer encoding no longer describes anything.
  const phantom = own.filter((h) => h.key !== 'content-transfer-encoding').map((h) => h.line);
  return Buffer.concat([node.getHeaders(), Buffer.from(`${phantom.join('\r\n')}\r\n\r\n`, 'binary')]);
}

interface Pending {
  node: Node;
  decoder: Transform;
  stored: Promise<Stored>;
  base64: boolean;
}

/**
 * Splits `raw`, hands each attachment to `sink` and returns the rest. Undefined when `raw` is not a
 * mail message (no header at all). Throws when the splitter gives up or the sink fails.
 */
export async function stripAttachments(raw: Buffer, sink: FileSink): Promise<Stripped | undefined> {
  const splitter = new Splitter();
  sliced(raw).pipe(splitter);
  const out: Buffer[] = [];
  let lossy = false;
  let pending: Pending | undefined;
  let sawHeader = true;

  const finish = async () => {
    if (!pending) return;
    const { node, decoder, stored } = pending;
    pending = undefined;
    decoder.end();
    out.push(standIn(node, await stored));
  };

  for await (const chunk of splitter as AsyncIterable<Chunk>) {
    if (chunk.type === 'body' && pending) {
      const value = chunk.value ?? Buffer.alloc(0);
      if (pending.base64 && !lossy && !isBase64Text(value)) lossy = true;
      // The sink reads the decoder; should it fail instead, its rejection ends the wait.
      if (!pending.decoder.write(value)) await Promise.race([once(pending.decoder, 'drain'), pending.stored]);
      continue;
    }
    await finish();
    if (chunk.type === 'node') {
      const node: Node = chunk;
      if (node.root && !node.parentNode) {
        const headers = headersOf(node);
        sawHeader = headers.getList().some((h) => h.key !== '') || headers.mbox !== false;
        if (!sawHeader) break;
      }
      if (isAttachment(node)) {
        const decoder = node.getDecoder() as Transform;
        const stored = sink({
          filename: node.filename || undefined,
          contentType: node.contentType || 'application/octet-stream',
          content: decoder,
        });
        // A failing sink stops reading: its rejection ends the pass (in finish), not the decoder's.
        decoder.on('error', () => {});
        stored.catch(() => decoder.destroy());
        pending = { node, decoder, stored, base64: node.encoding === 'base64' };
        continue;
      }
      out.push(node.getHeaders());
    } else if (chunk.value) {
      out.push(chunk.value);
    }
  }
  await finish();
  if (!sawHeader) {
    splitter.destroy();
    return undefined;
  }
  return { inner: Buffer.concat(out), lossy };
}
