import { randomUUID } from 'node:crypto';
import { COVER, coverHtml, coverText } from './cover-text';
import { base64Size, composeMime, isSmsAddress, type Mailbox, parseMailbox, sliced } from './mime';
import { REPLY_COVER } from './reply-cover-text';
import type { Language, ReplyCover } from './types';

// The sealed mail itself (CONTRACT.md "The sealed message"): From is MAIL_FROM in the sender's name,
// Reply-To the sender, To/Cc the real recipients (never Bcc, never …@sms.local), a neutral subject,
// a short explanation, and exactly the two locked attachments.

const DEFAULT_MAIL_FROM = 'vertraulich <noreply@localhost>';

export interface CoverInput {
  language: Language;
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
  date: Date;
  zip: Uint8Array;
  pdf: Uint8Array;
}

function realRecipients(list: (string | Mailbox)[]): (string | Mailbox)[] {
  return list.filter((r) => !isSmsAddress(typeof r === 'string' ? r : r.address));
}

export async function composeCover(c: CoverInput): Promise<{ message: Buffer; messageId: string }> {
  const words = COVER[c.language];
  const mailFrom = parseMailbox(c.mailFrom ?? DEFAULT_MAIL_FROM) ?? { address: 'noreply@localhost' };
  const domain = mailFrom.address.split('@')[1] ?? 'localhost';
  const messageId = `<${randomUUID()}@${domain}>`;
  const senderName = c.sender?.name?.trim() || c.sender?.address || '';
  const publicUrl = c.publicUrl?.replace(/\/+$/, '');
  const replyWords = c.reply ? REPLY_COVER[c.language] : undefined;
  const zipName = replyWords?.zipName ?? words.zipName;
  const pdfName = replyWords?.pdfName ?? words.pdfName;
  // The fragment never reaches a server: the page reads it in the browser.
  const openUrl = publicUrl && `${publicUrl}/open${c.messageId ? `#m=${c.messageId}` : ''}`;
  const paragraphs =
    c.reply && replyWords
      ? replyWords.paragraphs({
          from: c.reply.from,
          reference: c.reply.reference,
          zipName,
          pdfName,
          publicUrl,
        })
      : words.paragraphs({
          sender: senderName || (c.language === 'de' ? 'Der Absender' : 'The sender'),
          zipName,
          pdfName,
          publicUrl,
          openUrl,
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
      text: coverText(paragraphs),
      html: coverHtml(paragraphs, c.language),
      attachments: [
        { filename: zipName, contentType: 'application/zip', content: sliced(c.zip) },
        { filename: pdfName, contentType: 'application/pdf', content: sliced(c.pdf) },
      ],
    },
    expected,
  );
  return { message, messageId };
}
