import { finished } from 'node:stream/promises';
import {
  type AddressObject,
  type AttachmentStream,
  type Headers,
  MailParser,
  type MessageText,
} from 'mailparser';
import { htmlToPlain } from './html';
import { composeMime, type Mailbox, sliced } from './mime';
import { rawHeaderFields, readableDate } from './raw-header';
import { type FileSink, stripAttachments } from './strip';
import type { Draft } from './types';

// Turns either input (raw RFC 5322 bytes or a structured draft) into one shape the sealing steps
// work from: who and what for the PDF, and the message without its attachments as an .eml (built
// by strip.ts around the original's own bytes). The attachments go to a sink as they are decoded.

export type { FileSink, Stored, StreamedFile } from './strip';

/** Header text as written, for each field no parser could read: the PDF shows it as it stands. */
export interface UnreadFields {
  from?: string;
  to?: string;
  cc?: string;
  date?: string;
}

export interface MessageParts {
  /** The original bytes: the raw input, or the MIME built from the draft with everything in it. */
  original: Buffer;
  from: Mailbox | undefined;
  to: Mailbox[];
  cc: Mailbox[];
  unread: UnreadFields;
  subject: string;
  /** The original's Date; undefined when it had none a reader could use (none is made up). */
  date: Date | undefined;
  /** The body as plain text for the PDF (HTML rendered to text when there is HTML). */
  bodyText: string;
  /** True when decoding dropped bytes (damaged base64): the ZIP then carries the original verbatim. */
  lossy: boolean;
  /** The message without its attachments, each replaced by a stand-in naming its ZIP entry. */
  inner: Buffer;
}

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: Mailbox[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) visit(e.group);
      else if (e.address) out.push(e.name ? { name: e.name, address: e.address } : { address: e.address });
    }
  };
  for (const o of objects) visit(o.value);
  return out;
}

/** An image counts as inline when the HTML body shows it through its Content-ID. */
function isInline(contentId: string | undefined, html: string | undefined): boolean {
  if (!contentId || !html) return false;
  const cid = contentId.replace(/^<|>$/g, '');
  return html.includes(`cid:${cid}`);
}

interface Parsed {
  headers: Headers;
  text: string | undefined;
  html: string | undefined;
}

/**
 * mailparser's streaming parser over the message without its attachments, for the PDF: headers and
 * text. What parts are left (inline images, the stand-ins) are read and dropped.
 */
function parse(inner: Buffer): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({ skipTextToHtml: true, skipHtmlToText: true, checksumAlgo: false });
    let headers: Headers = new Map();
    let text: string | undefined;
    let html: string | undefined;
    const drained: Promise<void>[] = [];
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      parser.destroy();
      reject(err);
    };
    parser.on('headers', (h: Headers) => {
      headers = h;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        text = data.text;
        html = data.html;
        return;
      }
      const done = finished(data.content.resume()).then(() => data.release?.());
      done.catch(fail);
      drained.push(done);
    });
    parser.on('error', fail);
    parser.on('end', () => {
      Promise.all(drained).then(() => {
        if (settled) return;
        settled = true;
        resolve({ headers, text, html });
      }, fail);
    });
    sliced(inner).pipe(parser);
  });
}

/** A header as mailparser decoded it, or undefined when it is missing or not of the expected kind. */
function header<T>(headers: Headers, name: string, is: (v: unknown) => v is T): T | undefined {
  const value = headers.get(name);
  return is(value) ? value : undefined;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isAddress = (v: unknown): v is AddressObject | AddressObject[] =>
  typeof v === 'object' && v !== null && (Array.isArray(v) || 'value' in v);

/**
 * Parses raw input, handing each attachment to `sink`; undefined when it is not a mail message at
 * all or cannot be split (the caller seals it verbatim).
 */
export async function fromRaw(raw: Uint8Array, sink: FileSink): Promise<MessageParts | undefined> {
  const original = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let stripped: Awaited<ReturnType<typeof stripAttachments>>;
  let parsed: Parsed;
  try {
    stripped = await stripAttachments(original, sink);
    if (!stripped) return undefined;
    parsed = await parse(stripped.inner);
  } catch {
    return undefined;
  }
  const h = parsed.headers;
  const written = rawHeaderFields(original);
  const from = mailboxes(header(h, 'from', isAddress))[0];
  const to = mailboxes(header(h, 'to', isAddress));
  const cc = mailboxes(header(h, 'cc', isAddress));
  // mailparser puts the current time in place of a Date it cannot read; the written text decides.
  const date = readableDate(written.get('date'));
  const unread: UnreadFields = {
    from: from ? undefined : written.get('from'),
    to: to.length > 0 ? undefined : written.get('to'),
    cc: cc.length > 0 ? undefined : written.get('cc'),
    date: date ? undefined : written.get('date'),
  };
  return {
    original,
    from,
    to,
    cc,
    unread,
    subject: header(h, 'subject', isString) ?? written.get('subject') ?? '',
    date,
    bodyText: parsed.html ? htmlToPlain(parsed.html) : (parsed.text ?? ''),
    lossy: stripped.lossy,
    inner: stripped.inner,
  };
}

/** A draft becomes MIME first (nodemailer), then goes the same way as raw input. */
export async function fromDraft(draft: Draft, now: Date, sink: FileSink): Promise<MessageParts> {
  const html = draft.html || undefined;
  const original = await composeMime({
    from: draft.from,
    to: draft.to,
    cc: draft.cc,
    subject: draft.subject,
    date: draft.date ?? now,
    text: draft.text,
    html,
    attachments: (draft.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: sliced(a.content),
      // Explicitly an attachment: nodemailer would send a message/rfc822 one inline, as a part of the text.
      ...(isInline(a.contentId, html) && a.contentId
        ? { cid: a.contentId.replace(/^<|>$/g, ''), contentDisposition: 'inline' as const }
        : { contentDisposition: 'attachment' as const }),
    })),
  });
  const parts = await fromRaw(original, sink);
  if (!parts) throw new Error('the message built from the draft did not parse');
  return parts;
}
