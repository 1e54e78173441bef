import { convert } from 'html-to-text';
import {
  type AddressObject,
  type AttachmentStream,
  type Headers,
  MailParser,
  type MessageText,
} from 'mailparser';
import type Mail from 'nodemailer/lib/mailer';
import { base64PartsIntact } from './lossless';
import { collectStream, composeMime, type Mailbox, parseMailbox, sliced } from './mime';
import type { Draft } from './types';

// Turns either input (raw RFC 5322 bytes or a structured draft) into one shape the sealing steps
// work from: who and what for the PDF, the attachments as files, and the message without its
// attachments as an .eml (inline images stay in it, so it still shows as written).

export interface FileAttachment {
  filename: string | undefined;
  contentType: string;
  content: Uint8Array;
}

/** An attachment handed over while it is decoded, to be read to its end before parsing goes on. */
export interface StreamedFile {
  filename: string | undefined;
  contentType: string;
  content: AsyncIterable<unknown>;
}

export type FileSink = (file: StreamedFile) => Promise<void>;

export interface MessageParts {
  /** The original bytes: the raw input, or the MIME built from the draft with everything in it. */
  original: Buffer;
  from: Mailbox | undefined;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  date: Date | undefined;
  /** The body as plain text for the PDF (HTML rendered to text when there is HTML). */
  bodyText: string;
  attachments: FileAttachment[];
  /** True when parsing dropped bytes (damaged base64): the ZIP then carries the original verbatim. */
  lossy: boolean;
  /** Builds the message without its (non-inline) attachments. */
  buildInner(): Promise<Buffer>;
}

/** HTML to readable text: paragraphs, lists, links with their address; no script, style or images. */
export function htmlToPlain(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
      { selector: 'ul', options: { itemPrefix: ' • ' } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
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

interface ParsedAttachment {
  filename: string | undefined;
  contentType: string;
  contentId: string | undefined;
  content: Buffer;
}

interface Parsed {
  headers: Headers;
  text: string | undefined;
  html: string | undefined;
  attachments: ParsedAttachment[];
}

/**
 * mailparser's streaming parser, collecting what simpleParser would, each attachment held once.
 * With a sink, an attachment without a Content-ID (so not an image the HTML shows) goes to it as
 * it is decoded and is not collected at all.
 */
function parse(raw: Buffer, sink: FileSink | undefined): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({ skipTextToHtml: true, skipHtmlToText: true, checksumAlgo: false });
    let headers: Headers = new Map();
    let text: string | undefined;
    let html: string | undefined;
    const collected: Promise<ParsedAttachment>[] = [];
    const streamed: Promise<void>[] = [];
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
      const contentId = data.contentId ?? data.cid;
      if (sink && contentId === undefined) {
        const done = sink({
          filename: data.filename,
          contentType: data.contentType,
          content: data.content,
        }).then(() => data.release?.());
        done.catch(fail);
        streamed.push(done);
        return;
      }
      // Reserved at the size of the whole message: decoding never makes a part bigger than it was.
      const done = collectStream(data.content, raw.length).then((content) => {
        data.release?.();
        return { filename: data.filename, contentType: data.contentType, contentId, content };
      });
      done.catch(fail);
      collected.push(done);
    });
    parser.on('error', fail);
    // A message that is one attachment and nothing else ends before that attachment has been read.
    parser.on('end', () => {
      Promise.all([Promise.all(collected), Promise.all(streamed)]).then(([attachments]) => {
        if (settled) return;
        settled = true;
        resolve({ headers, text, html, attachments });
      }, fail);
    });
    sliced(raw).pipe(parser);
  });
}

/** A header as mailparser decoded it, or undefined when it is missing or not of the expected kind. */
function header<T>(headers: Headers, name: string, is: (v: unknown) => v is T): T | undefined {
  const value = headers.get(name);
  return is(value) ? value : undefined;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isDate = (v: unknown): v is Date => v instanceof Date;
const isAddress = (v: unknown): v is AddressObject | AddressObject[] =>
  typeof v === 'object' && v !== null && (Array.isArray(v) || 'value' in v);
const isReferences = (v: unknown): v is string | string[] =>
  typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

/**
 * Parses raw input; undefined when it is not a mail message at all (the caller seals it verbatim).
 * Attachments given to `sink` are not in the result's `attachments`.
 */
export async function fromRaw(raw: Uint8Array, sink?: FileSink): Promise<MessageParts | undefined> {
  const original = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let parsed: Parsed;
  try {
    parsed = await parse(original, sink);
  } catch {
    return undefined;
  }
  if (parsed.headers.size === 0) return undefined;
  const h = parsed.headers;
  const html = parsed.html;
  const inline: Mail.Attachment[] = [];
  const files: FileAttachment[] = [];
  for (const a of parsed.attachments) {
    const cid = a.contentId;
    if (isInline(cid, html)) {
      inline.push({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
        cid: (cid ?? '').replace(/^<|>$/g, ''),
        contentDisposition: 'inline',
      });
    } else {
      files.push({ filename: a.filename, contentType: a.contentType, content: a.content });
    }
  }
  const from = mailboxes(header(h, 'from', isAddress))[0];
  const to = mailboxes(header(h, 'to', isAddress));
  const cc = mailboxes(header(h, 'cc', isAddress));
  const subject = header(h, 'subject', isString) ?? '';
  const parsedDate = header(h, 'date', isDate);
  const date = parsedDate && !Number.isNaN(parsedDate.getTime()) ? parsedDate : undefined;
  // Only what the inner .eml needs is kept, not `parsed` itself: it holds every attachment again.
  const inner: Mail.Options = {
    from,
    to,
    cc,
    replyTo: mailboxes(header(h, 'reply-to', isAddress)),
    subject,
    date,
    messageId: header(h, 'message-id', isString),
    inReplyTo: header(h, 'in-reply-to', isString),
    references: header(h, 'references', isReferences),
    text: parsed.text,
    html,
    attachments: inline,
  };
  return {
    original,
    from,
    to,
    cc,
    subject,
    date,
    bodyText: html ? htmlToPlain(html) : (parsed.text ?? ''),
    attachments: files,
    lossy: !(await base64PartsIntact(original)),
    buildInner: () => composeMime(inner),
  };
}

export async function fromDraft(draft: Draft, now: Date): Promise<MessageParts> {
  const date = draft.date ?? now;
  const html = draft.html || undefined;
  const all = (draft.attachments ?? []).map((a) => ({
    attachment: a,
    inline: isInline(a.contentId, html),
  }));
  const mime = (withFiles: boolean): Mail.Options => ({
    from: draft.from,
    to: draft.to,
    cc: draft.cc,
    subject: draft.subject,
    date,
    text: draft.text,
    html,
    attachments: all
      .filter((x) => withFiles || x.inline)
      .map(({ attachment: a, inline }) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: sliced(a.content),
        ...(inline && a.contentId
          ? { cid: a.contentId.replace(/^<|>$/g, ''), contentDisposition: 'inline' as const }
          : {}),
      })),
  });
  const original = await composeMime(mime(true));
  const parse = (list: string[] | undefined): Mailbox[] =>
    (list ?? []).map((s) => parseMailbox(s) ?? { address: s });
  return {
    original,
    from: draft.from,
    to: parse(draft.to),
    cc: parse(draft.cc),
    subject: draft.subject ?? '',
    date,
    bodyText: html ? htmlToPlain(html) : (draft.text ?? ''),
    attachments: all
      .filter((x) => !x.inline)
      .map(({ attachment: a }) => ({
        filename: a.filename,
        contentType: a.contentType ?? 'application/octet-stream',
        content: a.content,
      })),
    lossy: false,
    buildInner: () => composeMime(mime(false)),
  };
}
