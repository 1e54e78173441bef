import type { Language } from '../seal/types';

// The neutral name a reply's cover gives the message it answers: its date and id, never its subject
// (the cover is readable by anyone who sees the mail).

export function replyReference(messageId: string, sentAt: Date, language: Language): string {
  const date = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(sentAt);
  return language === 'de'
    ? `Ihre Nachricht vom ${date} UTC (${messageId})`
    : `your message of ${date} UTC (${messageId})`;
}
