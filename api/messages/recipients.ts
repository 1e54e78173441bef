import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import type { FieldError } from '../errors';

// Splits the recipients of a message into mail addresses and phones (CONTRACT.md "POST
// /v1/messages"): `<phone>@sms.local` in to/cc/bcc and each `sms` entry is a phone that gets the
// password by SMS. Phones are normalised to E.164 with libphonenumber-js; national numbers are
// read as German. Every bad entry becomes a field error naming its path (e.g. `to.1`, `sms.0`).

const SMS_DOMAIN = '@sms.local';
const DEFAULT_COUNTRY = 'DE';

export type RecipientKind = 'to' | 'cc' | 'bcc';

export interface MailRecipient {
  kind: RecipientKind;
  address: string;
}

export interface SplitRecipients {
  mail: MailRecipient[];
  /** E.164, without duplicates, in the order first named. */
  phones: string[];
}

export function isSmsAddress(address: string): boolean {
  return address.trim().toLowerCase().endsWith(SMS_DOMAIN);
}

/** `+49 170 5555555`, `0170 5555555`, `+4917055555555@sms.local` → `+4917055555555`; undefined if invalid. */
export function normalisePhone(input: string): string | undefined {
  const value = isSmsAddress(input) ? input.trim().slice(0, -SMS_DOMAIN.length) : input.trim();
  const phone = parsePhoneNumberFromString(value, DEFAULT_COUNTRY);
  return phone?.isValid() ? phone.number : undefined;
}

const emailSchema = z.email();

/** A bare address, or `Name <address>`; returns the address, or undefined if it is none. */
export function mailAddress(input: string): string | undefined {
  const parsed = addressparser(input.trim());
  const first = parsed[0];
  if (parsed.length !== 1 || !first || !('address' in first) || !first.address) return undefined;
  return emailSchema.safeParse(first.address).success ? first.address : undefined;
}

export class RecipientError extends Error {
  override name = 'RecipientError';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  }
}

export function splitRecipients(input: {
  to: string[];
  cc?: string[];
  bcc?: string[];
  sms?: string[];
}): SplitRecipients {
  const errors: FieldError[] = [];
  const mail: MailRecipient[] = [];
  const phones: string[] = [];
  const addPhone = (raw: string, path: string) => {
    const phone = normalisePhone(raw);
    if (!phone) errors.push({ path, message: `'${raw}' is not a valid phone number` });
    else if (!phones.includes(phone)) phones.push(phone);
  };
  for (const kind of ['to', 'cc', 'bcc'] as const) {
    (input[kind] ?? []).forEach((raw, i) => {
      const path = `${kind}.${i}`;
      if (isSmsAddress(raw)) {
        addPhone(raw, path);
        return;
      }
      const address = mailAddress(raw);
      if (!address) errors.push({ path, message: `'${raw}' is not an email address` });
      else mail.push({ kind, address });
    });
  }
  (input.sms ?? []).forEach((raw, i) => {
    addPhone(raw, `sms.${i}`);
  });
  if (errors.length === 0 && mail.length === 0) {
    errors.push({ path: 'to', message: 'name at least one mail recipient in to, cc or bcc' });
  }
  if (errors.length > 0) throw new RecipientError(errors);
  return { mail, phones };
}
