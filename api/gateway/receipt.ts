import MailComposer from 'nodemailer/lib/mail-composer';
import { format, type KeyOf, locales, type Values } from '../../ui/core/i18n';
import type { Language } from '../seal/types';

// The receipt: after a message came in through the SMTP gateway, a short mail to the sender's own
// address (unless switched off for the account) says that it went out sealed: to whom, to which
// phones, when, and where the password is: in the portal history, after sign-in. It carries neither
// the password nor anything of the message (no subject): it is an ordinary mail, through the same
// relay as the sealed one, and waits in the outbox like any other until delivered. Its words are
// the catalog's (ui/core/locales, section `receipt`).

export interface ReceiptInput {
  /** The account's address: the receipt's only recipient. */
  to: { address: string; name?: string | null };
  /** MAIL_FROM of the service. */
  mailFrom: string;
  language: Language;
  /** Mail recipients of the sealed message (To, Cc, Bcc). */
  recipients: string[];
  /** Phone numbers that get the password by SMS. */
  phones: string[];
  /** The sealed message's id in the history, e.g. msg_…. */
  messageId: string;
  /** PUBLIC_URL, for the link to the message in the portal history. */
  publicUrl?: string;
  /** When the message was sent (the receipt's Date too). */
  now?: Date;
}

export interface ReceiptMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/** Address part of a `Name <addr>` string (MAIL_FROM). */
function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim();
}

/** The message in the portal history (ui/portal: `#/history`, the id after it names the message). */
export function historyLink(publicUrl: string, messageId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/history/${encodeURIComponent(messageId)}`;
}

export function receiptText(input: ReceiptInput): { subject: string; text: string } {
  const lang = input.language;
  const w = (key: KeyOf<'receipt'>, values?: Values) => format(lang, 'receipt', key, values);
  const when = new Intl.DateTimeFormat(locales[lang], {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(input.now ?? new Date());
  const lines = [
    w('sent', { when }),
    '',
    w('recipients', { recipients: input.recipients.join(', ') || '-' }),
    w('sms', { phones: input.phones.join(', ') || w('noSms') }),
    '',
    input.publicUrl ? w('history', { url: historyLink(input.publicUrl, input.messageId) }) : w('noLink'),
    w('handOver'),
    '',
    '-- ',
    w('footer'),
    `(${input.messageId})`,
  ];
  return { subject: w('subject'), text: `${lines.join('\n')}\n` };
}

export async function buildReceipt(input: ReceiptInput): Promise<ReceiptMail> {
  const { subject, text } = receiptText(input);
  const composer = new MailComposer({
    from: input.mailFrom,
    to: input.to.name ? { name: input.to.name, address: input.to.address } : input.to.address,
    subject,
    text,
    date: input.now ?? new Date(),
    headers: {
      // RFC 3834: an automatic message; vacation responders and the like must not answer it.
      'Auto-Submitted': 'auto-generated',
      'Content-Language': input.language,
    },
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
  );
  return { envelope: { from: bareAddress(input.mailFrom), to: [input.to.address] }, raw };
}
