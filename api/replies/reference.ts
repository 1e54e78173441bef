import { format, locales } from '../../ui/core/i18n';
import type { Language } from '../seal/types';

// The neutral name a reply's cover gives the message it answers: its date and id, never its subject
// (the cover is readable by anyone who sees the mail). The words are the catalog's (`replyCover`).

export function replyReference(messageId: string, sentAt: Date, language: Language): string {
  const date = new Intl.DateTimeFormat(locales[language], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(sentAt);
  return format(language, 'replyCover', 'reference', { date, messageId });
}
