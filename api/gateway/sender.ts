import addressparser from 'nodemailer/lib/addressparser';
import { AppError } from '../errors';
import { rawHeaderList } from '../seal/raw-header';

// A submission server does not let its users send in someone else's name (RFC 6409 §6.1: it may
// check that the sender is the authenticated user). Without the check a recipient read
// "Von: Bank <security@bank.de>" in the sealed PDF. The envelope sender and every address in a
// From or Sender field must be the account's own; the fields are read leniently (obsolete syntax
// `From  : …` included, which the PDF shows as written), so no spelling slips past.

const SENDER_FIELDS = ['from', 'sender'];

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function refuse(what: string, account: string): never {
  throw new AppError('forbidden', `${what} must be your own address ${account}; nothing was sent`);
}

/** Throws AppError 'forbidden' (550 5.7.1) unless MAIL FROM is the account's own address. */
export function checkEnvelopeSender(account: { email: string }, mailFrom: string): void {
  if (!same(mailFrom, account.email)) refuse('The envelope sender (MAIL FROM)', account.email);
}

/** Throws AppError 'forbidden' (550 5.7.1) unless the message goes out in the account's own name. */
export function checkSender(account: { email: string }, raw: Uint8Array, mailFrom: string): void {
  checkEnvelopeSender(account, mailFrom);
  for (const [name, value] of rawHeaderList(raw)) {
    if (!SENDER_FIELDS.includes(name)) continue;
    const addresses = addressparser(value, { flatten: true }).map((a) => a.address ?? '');
    // A field that names nobody readable names someone the account cannot vouch for either.
    if (addresses.length === 0 || addresses.some((a) => !same(a, account.email))) {
      refuse(`The ${name === 'from' ? 'From' : 'Sender'} header`, account.email);
    }
  }
}
