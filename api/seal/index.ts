import { createHash, randomUUID } from 'node:crypto';
import { COVER, coverHtml, coverText } from './cover-text';
import { fromDraft, fromRaw, type MessageParts } from './message';
import { composeMime, formatMailbox, isSmsAddress, type Mailbox, parseMailbox } from './mime';
import { safeFileName, UniqueNames } from './names';
import { generatePassword } from './password';
import { buildPdf } from './pdf';
import type { SealInput, SealOptions, SealResult } from './types';
import { buildZip, type ZipFile } from './zip';

// The sealing core: bytes in, bytes out (STYLE.md "The sealing core is pure"). The CLI, the HTTP
// API and the SMTP gateway all call `seal()`; it knows nothing of HTTP, SMTP or the database.

export type { Draft, DraftAttachment, SealInput, SealOptions, SealResult } from './types';

const DEFAULT_MAIL_FROM = 'vertraulich <noreply@localhost>';

/** Bad input the caller should report as such (400, 554, a CLI message), not as a crash. */
export class SealInputError extends Error {
  override name = 'SealInputError';
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function recipients(explicit: string[] | undefined, parsed: Mailbox[]): (string | Mailbox)[] {
  const list: (string | Mailbox)[] = explicit ?? parsed;
  return list.filter((r) => !isSmsAddress(typeof r === 'string' ? r : r.address));
}

function validateDraft(input: SealInput): void {
  if ('draft' in input) {
    const d = input.draft;
    if (!d || typeof d.from?.address !== 'string' || d.from.address.trim() === '') {
      throw new SealInputError('the draft has no sender address (from.address)');
    }
    if (!Array.isArray(d.to)) throw new SealInputError('the draft has no recipient list (to)');
  } else if (!(input.raw instanceof Uint8Array)) {
    // Empty input is sealed too (verbatim, as unparseable): nothing the sender handed over is refused.
    throw new SealInputError('the message must be given as bytes');
  }
}

export async function seal(input: SealInput, options: SealOptions = {}): Promise<SealResult> {
  validateDraft(input);
  const language = options.language ?? 'de';
  const method = options.zip ?? 'aes256';
  const now = options.now ?? new Date();
  const password = options.password ?? generatePassword();
  const words = COVER[language];

  const parts: MessageParts | undefined =
    'draft' in input ? await fromDraft(input.draft, now) : await fromRaw(input.raw);
  const original = parts?.original ?? Buffer.from('raw' in input ? input.raw : new Uint8Array());
  const fallback = parts === undefined;

  // ZIP contents: the message as one .eml, then every attachment under a safe, unique name.
  const names = new UniqueNames();
  const subject = parts?.subject ?? '';
  // A fixed name: entry names in a ZIP are readable without the password, a subject might not be.
  const emlName = names.take(language === 'de' ? 'nachricht.eml' : 'message.eml');
  const eml = fallback || options.includeOriginal || !parts ? original : await parts.buildInner();
  const files: ZipFile[] = [{ name: emlName, content: eml }];
  for (const [i, a] of (parts?.attachments ?? []).entries()) {
    const fallbackName = a.contentType === 'message/rfc822' ? `message-${i + 1}.eml` : `attachment-${i + 1}`;
    files.push({ name: names.take(safeFileName(a.filename, fallbackName)), content: a.content });
  }
  const zip = await buildZip(files, password, method, now);

  const sender = options.sender ?? parts?.from;
  const senderName = sender?.name?.trim() || sender?.address || '';
  const pdf = await buildPdf(
    {
      language,
      from: parts?.from ? formatMailbox(parts.from) : '',
      to: (parts?.to ?? []).map(formatMailbox).join(', '),
      cc: (parts?.cc ?? []).map(formatMailbox).join(', '),
      date: parts?.date ?? now,
      subject,
      body: fallback ? '' : (parts?.bodyText ?? ''),
      attachments: files.slice(1).map((f) => ({ name: f.name, size: f.content.length })),
    },
    password,
  );

  const mailFrom = parseMailbox(options.mailFrom ?? DEFAULT_MAIL_FROM) ?? { address: 'noreply@localhost' };
  const domain = mailFrom.address.split('@')[1] ?? 'localhost';
  const messageId = `<${randomUUID()}@${domain}>`;
  const paragraphs = words.paragraphs({
    sender: senderName || (language === 'de' ? 'Der Absender' : 'The sender'),
    zipName: words.zipName,
    pdfName: words.pdfName,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
  });
  const outerSubject =
    options.subjectInClear && subject ? subject : senderName ? words.subject(senderName) : words.generic;
  const via = mailFrom.name || 'vertraulich';
  const sealedMessage = await composeMime({
    from: { name: senderName ? `${senderName} via ${via}` : via, address: mailFrom.address },
    replyTo: sender ? { name: sender.name ?? '', address: sender.address } : undefined,
    to: recipients(options.to, parts?.to ?? []),
    cc: recipients(options.cc, parts?.cc ?? []),
    subject: outerSubject,
    date: now,
    messageId,
    headers: { 'X-Vertraulich': 'sealed' },
    text: coverText(paragraphs),
    html: coverHtml(paragraphs, language),
    attachments: [
      { filename: words.zipName, contentType: 'application/zip', content: Buffer.from(zip) },
      { filename: words.pdfName, contentType: 'application/pdf', content: Buffer.from(pdf) },
    ],
  });

  return {
    sealedMessage,
    password,
    originalSubject: subject,
    originalSha256: sha256(original),
    messageId,
    fallbackToOriginal: fallback,
    zipEntries: files.map((f) => f.name),
  };
}
