import MailComposer from 'nodemailer/lib/mail-composer';
import type { Language } from '../seal/types';

// The receipt: after a message came in through the SMTP gateway, the sender's mail program has no
// other way to show the password, so (unless switched off for the account) a short mail to the
// sender's own address carries it, with the subject and the recipients, in the sender's language.
// It is an ordinary, unsealed mail that goes out through the same relay/outbox as the sealed one.

export interface ReceiptInput {
  /** The account's address: the receipt's only recipient. */
  to: { address: string; name?: string | null };
  /** MAIL_FROM of the service. */
  mailFrom: string;
  language: Language;
  password: string;
  /** The original subject ('' when there was none). */
  subject: string;
  /** Mail recipients of the sealed message (To, Cc, Bcc). */
  recipients: string[];
  /** Phone numbers that get the password by SMS. */
  phones: string[];
  /** The sealed message's id in the history, e.g. msg_…. */
  messageId: string;
  /** PUBLIC_URL, for the link to the history. */
  publicUrl?: string;
  now?: Date;
}

export interface ReceiptMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

interface Words {
  subject: (s: string) => string;
  intro: string;
  password: string;
  subjectLabel: string;
  noSubject: string;
  recipients: string;
  sms: string;
  noSms: string;
  history: (url: string) => string;
  footer: string;
}

const words: Record<Language, Words> = {
  de: {
    subject: (s) =>
      s ? `Passwort für Ihre vertrauliche Nachricht „${s}“` : 'Passwort für Ihre vertrauliche Nachricht',
    intro:
      'Ihre Nachricht wurde versiegelt verschickt. Die Empfänger brauchen dieses Passwort, um den Anhang zu öffnen. Geben Sie es ihnen auf einem anderen Weg als per E-Mail (Telefon, SMS, persönlich).',
    password: 'Passwort',
    subjectLabel: 'Betreff',
    noSubject: '(ohne Betreff)',
    recipients: 'Empfänger',
    sms: 'Passwort per SMS an',
    noSms: 'niemanden',
    history: (url) => `Alle Ihre Nachrichten mit Passwort: ${url}`,
    footer: 'Diese Bestätigung können Sie im Portal unter „Konto“ abschalten.',
  },
  en: {
    subject: (s) =>
      s ? `Password for your confidential message "${s}"` : 'Password for your confidential message',
    intro:
      'Your message was sent sealed. The recipients need this password to open the attachment. Give it to them by another way than email (phone, SMS, in person).',
    password: 'Password',
    subjectLabel: 'Subject',
    noSubject: '(no subject)',
    recipients: 'Recipients',
    sms: 'Password by SMS to',
    noSms: 'nobody',
    history: (url) => `All your messages with their passwords: ${url}`,
    footer: 'You can switch these receipts off in the portal under "Account".',
  },
};

/** Address part of a `Name <addr>` string (MAIL_FROM). */
function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim();
}

export function receiptText(input: ReceiptInput): { subject: string; text: string } {
  const w = words[input.language];
  const lines = [
    w.intro,
    '',
    `${w.password}: ${input.password}`,
    '',
    `${w.subjectLabel}: ${input.subject || w.noSubject}`,
    `${w.recipients}: ${input.recipients.join(', ') || '-'}`,
    `${w.sms}: ${input.phones.join(', ') || w.noSms}`,
  ];
  if (input.publicUrl) lines.push('', w.history(`${input.publicUrl}/`));
  lines.push('', `-- `, w.footer, `(${input.messageId})`);
  return { subject: w.subject(input.subject), text: `${lines.join('\n')}\n` };
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
