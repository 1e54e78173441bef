import { convert } from 'html-to-text';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type Mail from 'nodemailer/lib/mailer';
import { base64PartsIntact } from './lossless';
import { composeMime, type Mailbox, parseMailbox, sliced } from './mime';
import type { Draft } from './types';

// Turns either input (raw RFC 5322 bytes or a structured draft) into one shape the sealing steps
// work from: who and what for the PDF, the attachments as files, and the message without its
// attachments as an .eml (inline images stay in it, so it still shows as written).

export interface FileAttachment {
  filename: string | undefined;
  contentType: string;
  content: Uint8Array;
}

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

/** Parses raw input; undefined when it is not a mail message at all (the caller seals it verbatim). */
export async function fromRaw(raw: Uint8Array): Promise<MessageParts | undefined> {
  const original = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(sliced(original), {
      keepCidLinks: true,
      skipTextToHtml: true,
      skipHtmlToText: true,
    });
  } catch {
    return undefined;
  }
  if (parsed.headers.size === 0) return undefined;
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  const inline: Mail.Attachment[] = [];
  const files: FileAttachment[] = [];
  for (const a of parsed.attachments) {
    const cid = a.contentId ?? a.cid;
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
  const from = mailboxes(parsed.from)[0];
  const to = mailboxes(parsed.to);
  const cc = mailboxes(parsed.cc);
  const subject = parsed.subject ?? '';
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined;
  // Only what the inner .eml needs is kept, not `parsed` itself: it holds every attachment again.
  const inner: Mail.Options = {
    from,
    to,
    cc,
    replyTo: mailboxes(parsed.replyTo),
    subject,
    date,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
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
