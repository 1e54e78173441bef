import MailComposer from 'nodemailer/lib/mail-composer';
import type { Database } from '../../db/client';
import type { DeliveryWorker } from '../delivery/worker';
import type { Logger } from '../log';
import type { Outbox } from '../outbox/outbox';
import type { Language } from '../seal/types';

// The mails about an account itself (not about a message): the confirmation link of a sign-up, the
// note to an address's owner that someone tried to sign up with it, and the receipt of a password
// change (so an owner whose session was taken learns of it; it never holds a password). Plain text, in the language
// the browser asked for; they go out through the outbox like every other mail (AccountMailQueue).

export interface AccountMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/** Where account mails go: the outbox (api/outbox), or a list in tests. */
export interface AccountMailQueue {
  /** Stores the mail for delivery (resolves once stored) and starts its first attempt. */
  enqueue(mail: AccountMail): Promise<void>;
}

export type AccountMailKind = 'verify' | 'taken' | 'password-changed';

const hours = 48;

const words: Record<
  Language,
  Record<AccountMailKind, (link: string) => { subject: string; text: string[] }>
> = {
  de: {
    verify: (link) => ({
      subject: 'Bitte bestätigen Sie Ihre E-Mail-Adresse für vertraulich',
      text: [
        'Guten Tag,',
        '',
        'mit dieser Adresse wurde ein Konto bei vertraulich angelegt. Bevor Sie damit Nachrichten senden können, bestätigen Sie bitte, dass die Adresse Ihnen gehört:',
        '',
        link,
        '',
        `Der Link gilt ${hours} Stunden und nur einmal. Haben Sie kein Konto angelegt, ignorieren Sie diese E-Mail einfach: ohne Bestätigung wird nichts gesendet.`,
      ],
    }),
    taken: (link) => ({
      subject: 'Jemand wollte mit Ihrer E-Mail-Adresse ein Konto anlegen',
      text: [
        'Guten Tag,',
        '',
        'gerade hat jemand versucht, mit Ihrer E-Mail-Adresse ein neues Konto bei vertraulich anzulegen. Für diese Adresse gibt es schon Ihr Konto; es wurde nichts geändert.',
        '',
        `Waren Sie das? Dann melden Sie sich einfach an: ${link}`,
        'Passwort vergessen? Wenden Sie sich an den Betreiber. Waren Sie es nicht, müssen Sie nichts tun.',
      ],
    }),
    'password-changed': (link) => ({
      subject: 'Ihr Passwort für vertraulich wurde geändert',
      text: [
        'Guten Tag,',
        '',
        'das Passwort Ihres Kontos bei vertraulich wurde soeben geändert. Alle anderen Anmeldungen wurden dabei beendet.',
        '',
        `Waren Sie das, ist nichts weiter zu tun. Waren Sie es nicht, wenden Sie sich bitte sofort an den Betreiber des Dienstes: ${link}`,
      ],
    }),
  },
  en: {
    verify: (link) => ({
      subject: 'Please confirm your email address for vertraulich',
      text: [
        'Hello,',
        '',
        'An account at vertraulich was made with this address. Before you can send messages with it, please confirm that the address is yours:',
        '',
        link,
        '',
        `The link works once, for ${hours} hours. If you did not make an account, just ignore this email: nothing is sent without the confirmation.`,
      ],
    }),
    taken: (link) => ({
      subject: 'Someone tried to sign up with your email address',
      text: [
        'Hello,',
        '',
        'Someone just tried to make a new account at vertraulich with your email address. Your account already has this address; nothing was changed.',
        '',
        `Was it you? Then just sign in: ${link}`,
        'Forgot your password? Ask the operator. If it was not you, there is nothing to do.',
      ],
    }),
    'password-changed': (link) => ({
      subject: 'Your password for vertraulich was changed',
      text: [
        'Hello,',
        '',
        'The password of your account at vertraulich was just changed. Every other sign-in was ended with it.',
        '',
        `If that was you, there is nothing more to do. If it was not, please contact the operator of the service at once: ${link}`,
      ],
    }),
  },
};

/** Address part of a `Name <addr>` string (MAIL_FROM). */
function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim();
}

/** The subject and text of one account mail; `link` is the confirmation link or the portal. */
export function accountMailText(kind: AccountMailKind, language: Language, link: string) {
  const w = words[language][kind](link);
  return { subject: w.subject, text: `${w.text.join('\n')}\n` };
}

export async function buildAccountMail(input: {
  kind: AccountMailKind;
  language: Language;
  to: string;
  link: string;
  mailFrom: string;
  now: Date;
}): Promise<AccountMail> {
  const { subject, text } = accountMailText(input.kind, input.language, input.link);
  const composer = new MailComposer({
    from: input.mailFrom,
    to: input.to,
    subject,
    text,
    date: input.now,
    headers: {
      // RFC 3834: an automatic message; vacation responders and the like must not answer it.
      'Auto-Submitted': 'auto-generated',
      'Content-Language': input.language,
    },
  });
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
  );
  return { envelope: { from: bareAddress(input.mailFrom), to: [input.to] }, raw };
}

/** `Accept-Language: en-GB,en;q=0.9` → en; German unless English comes first. */
export function mailLanguage(acceptLanguage: string | undefined): Language {
  const first = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return first === 'en' ? 'en' : 'de';
}

/**
 * Account mails through the outbox like every other mail (relay or outbox folder, retries, survives
 * a restart): a job of kind 'account', which belongs to no message, with its first attempt started
 * at once (not awaited: a sign-up answers the same whether the relay is quick, slow or down).
 */
export function outboxAccountMail(deps: {
  db: Database;
  outbox: Pick<Outbox, 'enqueue'>;
  worker: Pick<DeliveryWorker, 'deliverNow'>;
  now: () => Date;
  log: Logger;
}): AccountMailQueue {
  return {
    async enqueue(mail) {
      const ids = await deps.outbox.enqueue(
        deps.db,
        [
          {
            kind: 'account',
            messageId: null,
            sealed: mail.raw,
            from: mail.envelope.from,
            to: mail.envelope.to,
          },
        ],
        deps.now(),
      );
      deps.worker.deliverNow(ids).catch((err: unknown) => {
        deps.log.warn(
          { outboxIds: ids, err: (err as Error).message },
          'first account mail attempt failed to run',
        );
      });
    },
  };
}
