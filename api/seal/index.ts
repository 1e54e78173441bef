import { createHash } from 'node:crypto';
import { composeCover } from './cover';
import { fromDraft, fromRaw, type MessageParts } from './message';
import { formatMailbox, isSmsAddress } from './mime';
import { safeFileName, UniqueNames } from './names';
import { generatePassword } from './password';
import { buildPdf, type PdfAttachment } from './pdf';
import type { SealInput, SealOptions, SealResult } from './types';
import { buildZip, ZipBuilder, type ZipFile } from './zip';

// The sealing core: bytes in, bytes out (STYLE.md "The sealing core is pure"). The CLI, the HTTP
// API and the SMTP gateway all call `seal()`; it knows nothing of HTTP, SMTP or the database.

/** Header of the inner .eml that names the service's message id (read by the /open page for replies). */
export const MESSAGE_ID_HEADER = 'X-Vertraulich-Message-Id';

export type { Draft, DraftAttachment, ReplyCover, SealInput, SealOptions, SealResult } from './types';

/** Bad input the caller should report as such (400, 554, a CLI message), not as a crash. */
export class SealInputError extends Error {
  override name = 'SealInputError';
}

function validate(input: SealInput): void {
  if ('draft' in input) {
    const d = input.draft;
    if (!d || typeof d.from?.address !== 'string' || d.from.address.trim() === '') {
      throw new SealInputError('the draft has no sender address (from.address)');
    }
    if (!Array.isArray(d.to)) throw new SealInputError('the draft has no recipient list (to)');
    for (const [i, a] of (d.attachments ?? []).entries()) {
      if (typeof a?.filename !== 'string' || !(a.content instanceof Uint8Array)) {
        throw new SealInputError(`attachment ${i + 1} needs a filename and its content as bytes`);
      }
    }
  } else if (!(input.raw instanceof Uint8Array)) {
    // Empty input is sealed too (verbatim, as unparseable): nothing the sender handed over is refused.
    throw new SealInputError('the message must be given as bytes');
  }
}

/** A name for an attachment that has none (or only an unsafe one): by kind and position. */
function fallbackName(contentType: string, index: number): string {
  return contentType === 'message/rfc822' ? `message-${index + 1}.eml` : `attachment-${index + 1}`;
}

/** Room for the archive of a raw message: its attachments decode to less than they take in it. */
function rawCapacity(raw: Uint8Array): number {
  return raw.length + Math.ceil(raw.length / 128) + 256 * 1024;
}

/** Our own header at the top of the inner .eml; the original's headers follow unchanged. */
function withMessageIdHeader(eml: Buffer, messageId: string | undefined): Buffer {
  if (!messageId) return eml;
  return Buffer.concat([Buffer.from(`${MESSAGE_ID_HEADER}: ${messageId}\r\n`), eml]);
}

export async function seal(input: SealInput, options: SealOptions = {}): Promise<SealResult> {
  validate(input);
  // It goes into a header and a link: a plain token, nothing that could break either.
  if (options.messageId !== undefined && !/^[\w-]{1,100}$/.test(options.messageId)) {
    throw new SealInputError('the message id must be a plain token (letters, digits, _ and -)');
  }
  const language = options.language ?? 'de';
  const now = options.now ?? new Date();
  const password = options.password ?? generatePassword();

  const method = options.zip ?? 'aes256';
  const names = new UniqueNames();
  // A fixed name: entry names in a ZIP are readable without the password, a subject might not be.
  const emlName = names.take(language === 'de' ? 'nachricht.eml' : 'message.eml');
  const listed: PdfAttachment[] = [];
  let streaming: ZipBuilder | undefined;
  let parts: MessageParts | undefined;
  if ('draft' in input) {
    parts = await fromDraft(input.draft, now);
  } else {
    // Attachments go into the ZIP while mailparser decodes them, so the biggest part of a big
    // message is never held whole; the .eml, built once parsing is done, comes last in the archive.
    const zip = new ZipBuilder(rawCapacity(input.raw), password, method, now);
    streaming = zip;
    const streamed: PdfAttachment[] = [];
    parts = await fromRaw(input.raw, async (file) => {
      const name = names.take(safeFileName(file.filename, fallbackName(file.contentType, streamed.length)));
      const size = await zip.addStream(name, file.contentType, file.content);
      streamed.push({ name, size });
    });
    // Not a mail message: sealed verbatim, in a fresh archive without what parsing had streamed.
    if (parts) listed.push(...streamed);
    else streaming = undefined;
  }
  const original = parts?.original ?? Buffer.from('raw' in input ? input.raw : new Uint8Array());
  const originalSha256 = createHash('sha256').update(original).digest('hex');
  const fallbackToOriginal = parts === undefined || parts.lossy;
  const header = {
    from: parts?.from,
    // `+49…@sms.local` names a phone for the password SMS, not a reader of the message.
    to: (parts?.to ?? []).filter((m) => !isSmsAddress(m.address)),
    cc: (parts?.cc ?? []).filter((m) => !isSmsAddress(m.address)),
    subject: parts?.subject ?? '',
    date: parts?.date,
    bodyText: parts?.bodyText ?? '',
  };

  let files: ZipFile[] = [];
  for (const a of parts?.attachments ?? []) {
    const name = names.take(safeFileName(a.filename, fallbackName(a.contentType, listed.length)));
    files.push({ name, content: a.content });
    listed.push({ name, size: a.content.length });
  }
  // A verbatim original stays byte for byte; a built .eml names the message a reply would answer.
  const eml =
    !parts || parts.lossy || options.includeOriginal === true
      ? original
      : withMessageIdHeader(await parts.buildInner(), options.messageId);
  // Dropped as soon as they are in the ZIP, so a big message is not held twice while the rest runs.
  parts = undefined;
  const zipEntries = [emlName, ...listed.map((f) => f.name)];
  const finishZip = async (zip: ZipBuilder): Promise<Uint8Array> => {
    for (const file of files) await zip.add(file);
    await zip.add({ name: emlName, content: eml });
    return zip.close();
  };
  // The PDF is drawn on the main thread while zlib deflates the ZIP's blocks in the thread pool.
  const [zip, pdf] = await Promise.all([
    streaming
      ? finishZip(streaming)
      : buildZip([{ name: emlName, content: eml }, ...files], password, method, now),
    buildPdf(
      {
        language,
        from: header.from ? formatMailbox(header.from) : '',
        to: header.to.map(formatMailbox).join(', '),
        cc: header.cc.map(formatMailbox).join(', '),
        date: header.date ?? now,
        subject: header.subject,
        body: header.bodyText,
        attachments: listed,
      },
      password,
    ),
  ]);
  files = [];

  const { message, messageId } = await composeCover({
    language,
    mailFrom: options.mailFrom,
    sender: options.sender ?? header.from,
    to: options.to ?? header.to,
    cc: options.cc ?? header.cc,
    subject: header.subject,
    subjectInClear: options.subjectInClear === true,
    publicUrl: options.publicUrl,
    messageId: options.messageId,
    reply: options.reply,
    date: now,
    zip,
    pdf,
  });

  return {
    sealedMessage: message,
    password,
    originalSubject: header.subject,
    originalSha256,
    messageId,
    fallbackToOriginal,
    zipEntries,
  };
}
