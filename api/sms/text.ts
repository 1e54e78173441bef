import { format } from '../../ui/core/i18n';
import { nameAsPlainText } from '../seal/cover';
import type { Language } from '../seal/types';

// The SMS that carries a message's password: short (one SMS segment for ordinary names), names
// the sender so the recipient knows which mail it belongs to, in the message's language. The name is
// text only (issue 13): phones autolink web addresses in an SMS, so an address-like name gets the
// cover mail's zero-width non-joiners ("Dr. Anna Berg" is left as it is and stays in GSM-7). The
// words are the catalog's (ui/core/locales, section `sms`).

const MAX_NAME = 40;

function shortName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
}

export function smsText(input: { senderName: string; password: string; language: Language }): string {
  const sender = nameAsPlainText(shortName(input.senderName));
  return format(input.language, 'sms', 'password', { sender, password: input.password });
}
