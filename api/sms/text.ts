import type { Language } from '../seal/types';

// The SMS that carries a message's password: short (one SMS segment for ordinary names), names
// the sender so the recipient knows which mail it belongs to, in the message's language.

const MAX_NAME = 40;

function shortName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
}

export function smsText(input: { senderName: string; password: string; language: Language }): string {
  const name = shortName(input.senderName);
  return input.language === 'en'
    ? `Password for the confidential email from ${name}: ${input.password}`
    : `Passwort für die vertrauliche E-Mail von ${name}: ${input.password}`;
}
