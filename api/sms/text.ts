import { nameAsPlainText } from '../seal/cover';
import type { Language } from '../seal/types';

// The SMS that carries a message's password: short (one SMS segment for ordinary names), names
// the sender so the recipient knows which mail it belongs to, in the message's language. The name is
// text only (issue 13): phones autolink web addresses in an SMS, so an address-like name gets the
// cover mail's zero-width non-joiners ("Dr. Anna Berg" is left as it is and stays in GSM-7).

const MAX_NAME = 40;

function shortName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
}

export function smsText(input: { senderName: string; password: string; language: Language }): string {
  const name = nameAsPlainText(shortName(input.senderName));
  return input.language === 'en'
    ? `Password for the confidential email from ${name}: ${input.password}`
    : `Passwort für die vertrauliche E-Mail von ${name}: ${input.password}`;
}
