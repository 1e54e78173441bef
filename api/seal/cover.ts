import { randomUUID } from 'node:crypto';
import { coverHtml, coverParagraphs, coverText } from './cover-text';
import { base64Size, composeMime, isSmsAddress, type Mailbox, parseMailbox, sliced } from './mime';
import { replyCoverParagraphs } from './reply-cover-text';
import type { SealTexts } from './texts';
import type { ReplyCover } from './types';

// The sealed mail itself (CONTRACT.md "The sealed message"): From is MAIL_FROM in the sender's name,
// Reply-To the sender, To/Cc the real recipients (never Bcc, never …@sms.local), a neutral subject,
// a short explanation, and exactly the two locked attachments.

const DEFAULT_MAIL_FROM = 'vertraulich <noreply@localhost>';

export interface CoverInput {
  /** The words, from the catalog (texts.ts), in the message's language. */
  texts: SealTexts;
  mailFrom: string | undefined;
  sender: Mailbox | undefined;
  to: (string | Mailbox)[];
  cc: (string | Mailbox)[];
  /** The original subject, shown only when `subjectInClear`. */
  subject: string;
  subjectInClear: boolean;
  publicUrl: string | undefined;
  /** The service's message id: the /open link carries it (`#m=…`) so the page can address a reply. */
  messageId?: string;
  /** Set for a reply: its own words, and no reply offered on a reply. */
  reply?: ReplyCover;
  /** How many attachments the message has (the ZIP's entry list shows it to anyone anyway). */
  attachments: number;
  date: Date;
  zip: Uint8Array;
  pdf: Uint8Array;
}

// The sender's name is typed by the sender: it goes into the cover as text only.
// The paragraphs are rendered with a placeholder in its place, so the HTML renderer's own links (the
// /open page) never see it, and then the placeholder becomes the escaped name in which each `.`,
// `:`, `/` and `@` inside a word is followed by a zero-width non-joiner: no mail client's autolinker
// (Gmail, Outlook, Apple Mail) nor linkify-it finds a web or mail address in
// `Sparkasse https://evil.example/login` any more, and the name still reads the same.
const NAME_MARK = '\uE000';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Puts `joiner` after each `.`, `:`, `/`, `@` that a non-space follows ("Dr. Anna" stays as it is). */
function breakAddresses(name: string, encode: (s: string) => string, joiner: string): string {
  return name
    .split(/(?<=[.:/@])(?=\S)/)
    .map(encode)
    .join(joiner);
}

/** The name as HTML text that no mail client turns into a link. */
export function nameAsHtmlText(name: string): string {
  return breakAddresses(name, (s) => escapeHtml(s), '&zwnj;');
}

/** The same for the plain-text part (autolinked by many clients too). */
export function nameAsPlainText(name: string): string {
  return breakAddresses(name, (s) => s, '\u200C');
}

function withName(rendered: string, name: string, asText: (n: string) => string): string {
  return rendered.split(NAME_MARK).join(asText(name));
}

function realRecipients(list: (string | Mailbox)[]): (string | Mailbox)[] {
  return list.filter((r) => !isSmsAddress(typeof r === 'string' ? r : r.address));
}

export async function composeCover(c: CoverInput): Promise<{ message: Buffer; messageId: string }> {
  const words = c.texts.cover;
  const mailFrom = parseMailbox(c.mailFrom ?? DEFAULT_MAIL_FROM) ?? { address: 'noreply@localhost' };
  const domain = mailFrom.address.split('@')[1] ?? 'localhost';
  const messageId = `<${randomUUID()}@${domain}>`;
  const senderName = c.sender?.name?.trim() || c.sender?.address || '';
  const publicUrl = c.publicUrl?.replace(/\/+$/, '');
  const replyWords = c.reply ? c.texts.replyCover : undefined;
  const zipName = replyWords?.zipName ?? words.zipName;
  const pdfName = replyWords?.pdfName ?? words.pdfName;
  // The fragment never reaches a server: the page reads it in the browser.
  const openUrl = publicUrl && `${publicUrl}/open${c.messageId ? `#m=${c.messageId}` : ''}`;
  const shownName = senderName || words.someone;
  const paragraphs =
    c.reply && replyWords
      ? replyCoverParagraphs(replyWords, {
          from: c.reply.from,
          reference: c.reply.reference,
          zipName,
          pdfName,
          publicUrl,
          attachments: c.attachments,
        })
      : coverParagraphs(words, {
          sender: NAME_MARK,
          zipName,
          pdfName,
          publicUrl,
          openUrl,
          canReply: Boolean(c.messageId && openUrl),
          attachments: c.attachments,
        });
  const subject =
    replyWords && c.reply
      ? replyWords.subject(c.reply.from)
      : c.subjectInClear && c.subject
        ? c.subject
        : senderName
          ? words.subject(senderName)
          : words.generic;
  const via = mailFrom.name || 'vertraulich';
  const expected = base64Size(c.zip.length) + base64Size(c.pdf.length) + 64 * 1024;
  const message = await composeMime(
    {
      from: { name: senderName ? `${senderName} via ${via}` : via, address: mailFrom.address },
      replyTo: c.sender ? { name: c.sender.name ?? '', address: c.sender.address } : undefined,
      to: realRecipients(c.to),
      cc: realRecipients(c.cc),
      subject,
      date: c.date,
      messageId,
      // Lets the gateway and mail filters see that a message is sealed already.
      headers: {
        'X-Vertraulich': 'sealed',
        ...(c.reply?.inReplyTo ? { 'In-Reply-To': c.reply.inReplyTo, References: c.reply.inReplyTo } : {}),
      },
      text: withName(coverText(paragraphs), shownName, nameAsPlainText),
      html: withName(coverHtml(paragraphs, c.texts.language), shownName, nameAsHtmlText),
      attachments: [
        { filename: zipName, contentType: 'application/zip', content: sliced(c.zip) },
        { filename: pdfName, contentType: 'application/pdf', content: sliced(c.pdf) },
      ],
    },
    expected,
  );
  return { message, messageId };
}
