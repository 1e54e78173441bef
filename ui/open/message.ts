import PostalMime, { type Address, type Attachment } from 'postal-mime';
import type { ZipFileContent } from './unzip';

// Turns the decrypted .eml and the other files of the ZIP into what the page shows. The files of the
// ZIP are the attachments as the sender attached them (byte for byte) under neutral names
// (Anhang-01.pdf: the ZIP's file list needs no password); the .eml holds headers, the body, the
// inline images its HTML refers to as cid:, and for each file a stand-in (message/external-body,
// RFC 2046 §5.2.3) with the original name and the entry's name as Content-Description: each file is
// shown and saved under its own name. An .eml sealed whole ("include original") carries its
// attachments itself; a ZIP file with the same bytes takes that one's name and is listed once.

export interface InlineImage {
  mimeType: string;
  bytes: Uint8Array;
}

export interface ShownAttachment {
  name: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface ShownMessage {
  from: string;
  to: string;
  cc: string;
  date: Date | undefined;
  subject: string;
  text: string;
  html: string | undefined;
  /** Keyed by Content-ID without angle brackets. */
  inline: Map<string, InlineImage>;
  attachments: ShownAttachment[];
}

// Only the types the page previews need a right answer; everything else downloads as bytes.
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  txt: 'text/plain',
  eml: 'message/rfc822',
};

export function mimeTypeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}

/**
 * A mail among the attachments (a forwarded message, message/rfc822 of RFC 2046 §5.2.1, or an .eml
 * file): the page shows it like the main message, read with readMessage(bytes, []).
 */
export function isForwardedMessage(attachment: ShownAttachment): boolean {
  return attachment.mimeType === 'message/rfc822' || attachment.name.toLowerCase().endsWith('.eml');
}

export function formatAddresses(list: Address[] | Address | undefined): string {
  const all = list === undefined ? [] : Array.isArray(list) ? list : [list];
  return all
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((a) => (a.name && a.name !== a.address ? `${a.name} <${a.address}>` : a.address))
    .join(', ');
}

function bytesOf(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function contentIdOf(attachment: Attachment): string | undefined {
  return attachment.contentId?.replace(/^<|>$/g, '') || undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The name a ZIP file is shown under: its stand-in's, an embedded twin's (taken out of `embedded`), or its own. */
function shownName(file: ZipFileContent, standIns: Map<string, string>, embedded: ShownAttachment[]): string {
  const named = standIns.get(file.name.toLowerCase());
  if (named) return named;
  const twin = embedded.findIndex((a) => sameBytes(a.bytes, file.bytes));
  if (twin === -1) return file.name;
  const [taken] = embedded.splice(twin, 1);
  return taken?.name ?? file.name;
}

export async function readMessage(eml: Uint8Array, zipFiles: ZipFileContent[]): Promise<ShownMessage> {
  // A mail inside (forwarded, message/rfc822) stays one attachment the page can show on its own,
  // rather than being merged into this one's body.
  const email = await PostalMime.parse(eml, {
    attachmentEncoding: 'arraybuffer',
    forceRfc822Attachments: true,
  });
  const inline = new Map<string, InlineImage>();
  const html = email.html;
  const embedded: ShownAttachment[] = [];
  const standIns = new Map<string, string>();
  for (const attachment of email.attachments) {
    if (attachment.mimeType === 'message/external-body') {
      if (attachment.description && attachment.filename) {
        standIns.set(attachment.description.trim().toLowerCase(), attachment.filename);
      }
      continue;
    }
    const cid = contentIdOf(attachment);
    const bytes = bytesOf(attachment.content);
    if (cid && html?.includes(`cid:${cid}`)) {
      inline.set(cid, { mimeType: attachment.mimeType, bytes });
      continue;
    }
    embedded.push({
      name: attachment.filename || `attachment-${embedded.length + 1}`,
      mimeType: attachment.mimeType,
      bytes,
    });
  }
  // The type comes from the entry's name: its extension is the original's, made safe when sealing.
  const fromZip = zipFiles.map((f) => ({
    name: shownName(f, standIns, embedded),
    mimeType: mimeTypeOf(f.name),
    bytes: f.bytes,
  }));
  const date = email.date ? new Date(email.date) : undefined;
  return {
    from: formatAddresses(email.from),
    to: formatAddresses(email.to),
    cc: formatAddresses(email.cc),
    date: date && !Number.isNaN(date.getTime()) ? date : undefined,
    subject: email.subject ?? '',
    text: email.text ?? '',
    html,
    inline,
    attachments: [...fromZip, ...embedded],
  };
}

/**
 * Recipients sometimes drop the whole sealed mail (.eml saved from their mail program) instead of the
 * ZIP inside it: take the ZIP out of it. Undefined when the file is not a mail with a ZIP attached.
 */
export async function zipInsideMail(file: Blob): Promise<Blob | undefined> {
  const head = new TextDecoder().decode(await file.slice(0, 4096).arrayBuffer());
  if (!/^[\w-]+:/m.test(head) || !/content-type:/i.test(head)) return undefined;
  const email = await PostalMime.parse(file, { attachmentEncoding: 'arraybuffer' });
  const zip = email.attachments.find(
    (a) => a.mimeType === 'application/zip' || (a.filename ?? '').toLowerCase().endsWith('.zip'),
  );
  return zip ? new Blob([bytesOf(zip.content).slice()], { type: 'application/zip' }) : undefined;
}
