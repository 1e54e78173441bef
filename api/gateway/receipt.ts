import MailComposer from 'nodemailer/lib/mail-composer';
import type { Language } from '../seal/types';

// The receipt: after a message came in through the SMTP gateway, a short mail to the sender's own
// address (unless switched off for the account) says that it went out sealed: to whom, to which
// phones, when, and where the password is: in the portal history, after sign-in. It carries neither
// the password nor anything of the message (no subject): it is an ordinary mail, through the same
// relay as the sealed one, and waits in the outbox like any other until delivered.

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

interface Words {
  subject: string;
  sent: (when: string) => string;
  recipients: string;
  sms: string;
  noSms: string;
  history: (url: string) => string;
  noLink: string;
  handOver: string;
  footer: string;
  locale: string;
}

const words: Record<Language, Words> = {
  de: {
    subject: 'Ihre vertrauliche Nachricht ist versiegelt verschickt',
    sent: (when) => `Ihre Nachricht wurde am ${when} versiegelt verschickt.`,
    recipients: 'Empfänger',
    sms: 'Passwort per SMS an',
    noSms: 'niemanden',
    history: (url) => `Das Passwort sehen Sie nach der Anmeldung in Ihrem Verlauf: ${url}`,
    noLink: 'Das Passwort sehen Sie nach der Anmeldung im Portal unter „Verlauf“.',
    handOver: 'Geben Sie es den Empfängern auf einem anderen Weg als per E-Mail (Telefon, SMS, persönlich).',
    footer: 'Diese Bestätigung können Sie im Portal unter „Konto“ abschalten.',
    locale: 'de-DE',
  },
  en: {
    subject: 'Your confidential message was sent sealed',
    sent: (when) => `Your message was sent sealed on ${when}.`,
    recipients: 'Recipients',
    sms: 'Password by SMS to',
    noSms: 'nobody',
    history: (url) => `You see the password in your history after signing in: ${url}`,
    noLink: 'You see the password in the portal under "History" after signing in.',
    handOver: 'Give it to the recipients by another way than email (phone, SMS, in person).',
    footer: 'You can switch these receipts off in the portal under "Account".',
    locale: 'en-GB',
  },
};

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
  const w = words[input.language];
  const when = new Intl.DateTimeFormat(w.locale, {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(input.now ?? new Date());
  const lines = [
    w.sent(when),
    '',
    `${w.recipients}: ${input.recipients.join(', ') || '-'}`,
    `${w.sms}: ${input.phones.join(', ') || w.noSms}`,
    '',
    input.publicUrl ? w.history(historyLink(input.publicUrl, input.messageId)) : w.noLink,
    w.handOver,
    '',
    '-- ',
    w.footer,
    `(${input.messageId})`,
  ];
  return { subject: w.subject, text: `${lines.join('\n')}\n` };
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
