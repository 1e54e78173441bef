import { locales } from '../../core/i18n';
import { type Lang, translate } from './i18n';

// Small pure functions that turn what the API says into words and back: lockout times from
// Retry-After, sizes, dates, and the address fields of the compose form. Kept free of the DOM so
// unit tests can hold them to their promises.

/**
 * When a 429's Retry-After (RFC 9110 §10.2.3: seconds, or an HTTP date) lets the user try again;
 * undefined when the header is missing or unreadable.
 */
export function retryAt(header: string | null | undefined, now: Date): Date | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return new Date(now.getTime() + Number(trimmed) * 1000);
  // Only the date forms of RFC 9110 §5.6.7 (they name a weekday or month); Date.parse alone reads "-5".
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : new Date(date);
}

/** "… try again at 15:47 (in 15 minutes)" in the user's language and local time. */
export function lockoutText(lang: Lang, until: Date | undefined, now: Date): string {
  if (!until || until.getTime() <= now.getTime()) return translate(lang, 'lockedSoon');
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  const time = new Intl.DateTimeFormat(locales[lang], {
    hour: '2-digit',
    minute: '2-digit',
  }).format(until);
  return translate(lang, 'lockedUntil', { time, minutes });
}

/** "1,5 MB" / "1.5 MB": what people read on file sizes. */
export function sizeText(lang: Lang, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(locales[lang], {
    maximumFractionDigits: digits,
  }).format(value);
  return `${number} ${units[unit]}`;
}

export function dateText(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locales[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

/** Splits what people type into an address field: commas, semicolons, new lines, stray spaces. */
export function splitList(value: string): string[] {
  return value
    .split(/[,;\n]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/**
 * Takes `Name <a@b.de>` or a bare address; returns the bare address, or undefined when it is none.
 * Deliberately loose (one @, a dot in the domain, no spaces): the server has the final word.
 */
export function bareAddress(entry: string): string | undefined {
  const angle = /<([^<>]+)>\s*$/.exec(entry);
  const address = (angle?.[1] ?? entry).trim();
  return /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(address) ? address : undefined;
}

export interface AddressCheck {
  addresses: string[];
  invalid: string[];
}

export function checkAddresses(value: string): AddressCheck {
  const addresses: string[] = [];
  const invalid: string[] = [];
  for (const entry of splitList(value)) {
    const address = bareAddress(entry);
    if (address) addresses.push(address);
    else invalid.push(entry);
  }
  return { addresses, invalid };
}

/** The status words the API uses, in the user's language; unknown ones are shown as they come. */
export function statusText(lang: Lang, status: string): string {
  switch (status) {
    case 'sent':
    case 'queued':
    case 'failed':
    case 'delivered':
    case 'pending':
      return translate(lang, `status_${status}`);
    default:
      return status;
  }
}
