import { type NumberType, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import type { FieldError } from '../errors';
import { DEFAULT_SMS_COUNTRIES } from '../limits/config';

// Splits the recipients of a message into mail addresses and phones (CONTRACT.md "POST
// /v1/messages"): `<phone>@sms.local` in to/cc/bcc (also as `Name <phone@sms.local>`) and each `sms`
// entry is a phone that gets the password by SMS. Phones are normalised to E.164 with
// libphonenumber-js; national numbers are read as German. Only numbers that take an SMS are
// accepted (mobile, or fixed-line-or-mobile where the numbering plan cannot tell, e.g. the US), in
// the countries of SMS_COUNTRIES: premium-rate, shared-cost, toll-free, VoIP, personal, satellite and
// other numbers without a country are refused, since texting them costs money or reaches nobody
// (SMS pumping). Every bad entry becomes a field error naming its path (e.g. `to.1`, `sms.0`).

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

/** The phone of `+49…@sms.local` or `Name <+49…@sms.local>`; undefined for anything else. */
function smsPart(input: string): string | undefined {
  const value = input.trim();
  if (value.toLowerCase().endsWith(SMS_DOMAIN)) return value.slice(0, -SMS_DOMAIN.length);
  const named = /<([^<>]*)>\s*$/.exec(value)?.[1]?.trim();
  if (named?.toLowerCase().endsWith(SMS_DOMAIN)) return named.slice(0, -SMS_DOMAIN.length);
  return undefined;
}

export function isSmsAddress(address: string): boolean {
  return smsPart(address) !== undefined;
}

/** `+49 170 5555555`, `0170 5555555`, `+4917055555555@sms.local` → `+4917055555555`; undefined if invalid. */
export function normalisePhone(input: string): string | undefined {
  const phone = parsePhoneNumberFromString(smsPart(input) ?? input.trim(), DEFAULT_COUNTRY);
  return phone?.isValid() ? phone.number : undefined;
}

/** Countries whose numbers may get an SMS (SMS_COUNTRIES), or 'any'. */
export type SmsCountries = readonly string[] | 'any';

const smsTypes = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

const typeWords: Partial<Record<NonNullable<NumberType>, string>> = {
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  TOLL_FREE: 'a toll-free number',
  VOIP: 'a VoIP number',
  PERSONAL_NUMBER: 'a personal (forwarding) number',
  PAGER: 'a pager number',
  UAN: 'a company number',
  VOICEMAIL: 'a voicemail number',
  FIXED_LINE: 'a landline number',
};

/**
 * The phone in E.164 if it can get the password by SMS, else why not (for the field error).
 * `countries` is the SMS_COUNTRIES allow-list.
 */
export function smsPhone(input: string, countries: SmsCountries): { phone: string } | { problem: string } {
  const phone = parsePhoneNumberFromString(smsPart(input) ?? input.trim(), DEFAULT_COUNTRY);
  if (!phone?.isValid()) return { problem: `'${input}' is not a valid phone number` };
  // Satellite (+881), international networks (+882, +883) and the like belong to no country.
  if (!phone.country) {
    return { problem: `'${input}' is a satellite or international network number and cannot get an SMS` };
  }
  const type = phone.getType();
  if (!smsTypes.has(type)) {
    const what = (type && typeWords[type]) ?? 'not a mobile number';
    return { problem: `'${input}' is ${what} and cannot get the password by SMS` };
  }
  if (countries !== 'any' && !countries.includes(phone.country)) {
    return { problem: `'${input}' is a number in ${phone.country}; SMS go only to ${countries.join(', ')}` };
  }
  return { phone: phone.number };
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

export function splitRecipients(
  input: {
    to: string[];
    cc?: string[];
    bcc?: string[];
    sms?: string[];
  },
  smsCountries: SmsCountries = DEFAULT_SMS_COUNTRIES,
): SplitRecipients {
  const errors: FieldError[] = [];
  const mail: MailRecipient[] = [];
  const phones: string[] = [];
  const addPhone = (raw: string, path: string) => {
    const found = smsPhone(raw, smsCountries);
    if ('problem' in found) errors.push({ path, message: found.problem });
    else if (!phones.includes(found.phone)) phones.push(found.phone);
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
