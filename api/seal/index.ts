import { createHash } from 'node:crypto';
import { composeCover } from './cover';
import { type FileSink, fromDraft, fromRaw, type MessageParts } from './message';
import { formatMailbox, isSmsAddress } from './mime';
import { neutralName, safeFileName, UniqueNames } from './names';
import { generatePassword } from './password';
import { buildPdf, type PdfAttachment } from './pdf';
import type { SealInput, SealOptions, SealResult } from './types';
import { ZipBuilder } from './zip';
import { isMessageId, zipComment } from './zip-comment';

// The sealing core: bytes in, bytes out (STYLE.md "The sealing core is pure"). The CLI, the HTTP
// API and the SMTP gateway all call `seal()`; it knows nothing of HTTP, SMTP or the database.

export type { SealTexts } from './texts';
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

/**
 * Room for the archive: a raw message's attachments decode to less than they take in it; a draft's
 * are its bytes. Pages of the reserve never written cost no memory (zip.ts ArchiveWriter).
 */
function capacity(input: SealInput): number {
  const bytes =
    'raw' in input
      ? input.raw.length
      : (input.draft.attachments ?? []).reduce((sum, a) => sum + a.content.length, 0) +
        2 * ((input.draft.text?.length ?? 0) + (input.draft.html?.length ?? 0));
  return bytes + Math.ceil(bytes / 128) + 256 * 1024;
}

export async function seal(input: SealInput, options: SealOptions): Promise<SealResult> {
  validate(input);
  // It goes into the ZIP's comment and a link: a plain token, nothing that could break either.
  if (options.messageId !== undefined && !isMessageId(options.messageId)) {
    throw new SealInputError('the message id must be a plain token (letters, digits, _ and -)');
  }
  const texts = options.texts;
  const now = options.now ?? new Date();
  const password = options.password ?? generatePassword();

  const method = options.zip ?? 'aes256';
  const names = new UniqueNames();
  // A fixed name: entry names in a ZIP are readable without the password, a subject might not be.
  const emlName = names.take(texts.emlName);
  // Attachments go into the ZIP while they are decoded, under neutral names (names.ts), so the
  // biggest part of a big message is never held whole; the .eml comes last in the archive.
  let zipBuilder = new ZipBuilder(capacity(input), password, method, now);
  const streamed: PdfAttachment[] = [];
  const sink: FileSink = async (file) => {
    const shown = safeFileName(file.filename, fallbackName(file.contentType, streamed.length));
    const entry = names.take(neutralName(texts.entryWord, streamed.length + 1, shown, file.contentType));
    const size = await zipBuilder.addStream(entry, file.contentType, file.content);
    streamed.push({ name: entry, original: shown, size });
    return { entry, shown };
  };
  let parts: MessageParts | undefined =
    'draft' in input ? await fromDraft(input.draft, now, sink) : await fromRaw(input.raw, sink);
  // Not a mail message: sealed verbatim, in a fresh archive without what parsing had streamed.
  const listed = parts ? streamed : [];
  if (!parts) zipBuilder = new ZipBuilder(capacity(input), password, method, now);
  const original = parts?.original ?? Buffer.from('raw' in input ? input.raw : new Uint8Array());
  const originalSha256 = createHash('sha256').update(original).digest('hex');
  const fallbackToOriginal = parts === undefined || parts.lossy;
  const header = {
    from: parts?.from,
    // `+49…@sms.local` names a phone for the password SMS, not a reader of the message.
    to: (parts?.to ?? []).filter((m) => !isSmsAddress(m.address)),
    cc: (parts?.cc ?? []).filter((m) => !isSmsAddress(m.address)),
    unread: parts?.unread ?? {},
    subject: parts?.subject ?? '',
    date: parts?.date,
    bodyText: parts?.bodyText ?? '',
  };
  // The .eml keeps the original's header block as it was: a header is never invented (issue 14).
  // The id a reply needs goes into the archive comment instead (zip-comment.ts).
  const eml = !parts || parts.lossy || options.includeOriginal === true ? original : parts.inner;
  // Dropped as soon as they are in the ZIP, so a big message is not held twice while the rest runs.
  parts = undefined;
  const zipEntries = [emlName, ...listed.map((f) => f.name)];
  const finishZip = async (zip: ZipBuilder): Promise<Uint8Array> => {
    await zip.add({ name: emlName, content: eml });
    return zip.close(options.messageId === undefined ? undefined : zipComment(options.messageId));
  };
  // The PDF is drawn on the main thread while zlib deflates the ZIP's blocks in the thread pool.
  const [zip, pdf] = await Promise.all([
    finishZip(zipBuilder),
    buildPdf(
      {
        labels: texts.pdf,
        locale: texts.locale,
        // Where no parser could read a field, the PDF shows it as it stands in the message.
        from: header.from ? formatMailbox(header.from) : (header.unread.from ?? ''),
        to: header.to.map(formatMailbox).join(', ') || (header.unread.to ?? ''),
        cc: header.cc.map(formatMailbox).join(', ') || (header.unread.cc ?? ''),
        date: header.date ?? header.unread.date,
        subject: header.subject,
        body: header.bodyText,
        attachments: listed,
      },
      password,
    ),
  ]);

  const { message, messageId } = await composeCover({
    texts,
    mailFrom: options.mailFrom,
    sender: options.sender ?? header.from,
    to: options.to ?? header.to,
    cc: options.cc ?? header.cc,
    subject: header.subject,
    subjectInClear: options.subjectInClear === true,
    publicUrl: options.publicUrl,
    messageId: options.messageId,
    reply: options.reply,
    attachments: listed.length,
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
