import MailComposer from 'nodemailer/lib/mail-composer';
import type { Database } from '../../db/client';
import { format, type KeyOf } from '../../ui/core/i18n';
import type { DeliveryWorker } from '../delivery/worker';
import type { Logger } from '../log';
import type { Outbox } from '../outbox/outbox';
import type { Language } from '../seal/types';
import { VERIFY_TTL_MS } from './verification';

// The mails about an account itself (not about a message): the confirmation link of a sign-up, the
// note to an address's owner that someone tried to sign up with it, and the receipt of a password
// change (so an owner whose session was taken learns of it; it never holds a password). Plain text, in the language
// the browser asked for, with the catalog's words (ui/core/locales, section `accountMail`); they go
// out through the outbox like every other mail (AccountMailQueue).

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

/** How long a confirmation link works (verification.ts VERIFY_TTL_MS), as the mail says it. */
const LINK_HOURS = VERIFY_TTL_MS / 3_600_000;

const KEYS: Record<AccountMailKind, { subject: KeyOf<'accountMail'>; text: KeyOf<'accountMail'> }> = {
  verify: { subject: 'verifySubject', text: 'verifyText' },
  taken: { subject: 'takenSubject', text: 'takenText' },
  'password-changed': { subject: 'passwordChangedSubject', text: 'passwordChangedText' },
};

/** Address part of a `Name <addr>` string (MAIL_FROM). */
function bareAddress(value: string): string {
  const match = /<([^<>]+)>\s*$/.exec(value);
  return (match?.[1] ?? value).trim();
}

/** The subject and text of one account mail; `link` is the confirmation link or the portal. */
export function accountMailText(kind: AccountMailKind, language: Language, link: string) {
  const keys = KEYS[kind];
  return {
    subject: format(language, 'accountMail', keys.subject),
    text: `${format(language, 'accountMail', keys.text, { link, hours: LINK_HOURS })}\n`,
  };
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
