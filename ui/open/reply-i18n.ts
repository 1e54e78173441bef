import type { Lang } from './i18n';

// The words of the reply on the /open page (issue 18), German and English. Kept apart from the
// page's catalog (i18n.ts): the reply part is drawn by script once a message is open.

const de = {
  replyStart: 'Antworten',
  replyHeading: 'Vertraulich antworten',
  replyIntro:
    'Ihre Antwort geht nur an den Absender dieser Nachricht, verschlüsselt mit demselben Passwort. Sie wird erst gesendet, wenn Sie „Antwort senden“ drücken.',
  replyFrom: 'Ihre Adresse',
  replyText: 'Ihre Antwort',
  replyFiles: 'Anhänge (freiwillig)',
  replyFilesChosen: '{count} Datei(en), {size}',
  replySend: 'Antwort senden',
  replyCancel: 'Abbrechen',
  replySending: 'Wird verschlüsselt und gesendet …',
  replySent: 'Ihre Antwort ist verschlüsselt auf dem Weg zum Absender.',
  replyEmpty: 'Bitte schreiben Sie einen Text oder hängen Sie eine Datei an.',
  replyProof:
    'Die Antwort wurde abgelehnt: Das Passwort passt nicht zu dieser Nachricht. Bitte öffnen Sie die Nachricht noch einmal.',
  replyGone:
    'Auf diese Nachricht kann nicht mehr geantwortet werden: Sie oder das Konto des Absenders wurde gelöscht. Es wurde nichts gesendet.',
  replySuspended: 'Der Absender kann derzeit keine Antworten empfangen. Es wurde nichts gesendet.',
  replyLimit:
    'Auf diese Nachricht wurde schon so oft geantwortet, wie es möglich ist. Es wurde nichts gesendet.',
  replyTooLarge: 'Die Anhänge sind zu groß. Bitte senden Sie weniger oder kleinere Dateien.',
  replyRefused: 'Die Antwort wurde nicht angenommen: {detail}',
  replyOffline:
    'Die Antwort konnte nicht gesendet werden: keine Verbindung. Bitte versuchen Sie es noch einmal.',
  replyFailed: 'Die Antwort konnte nicht gesendet werden. Bitte versuchen Sie es noch einmal.',
} as const;

export type ReplyTextKey = keyof typeof de;

const en: Record<ReplyTextKey, string> = {
  replyStart: 'Reply',
  replyHeading: 'Reply confidentially',
  replyIntro:
    'Your reply goes only to the sender of this message, encrypted with the same password. Nothing is sent until you press “Send reply”.',
  replyFrom: 'Your address',
  replyText: 'Your reply',
  replyFiles: 'Attachments (optional)',
  replyFilesChosen: '{count} file(s), {size}',
  replySend: 'Send reply',
  replyCancel: 'Cancel',
  replySending: 'Encrypting and sending …',
  replySent: 'Your reply is on its way to the sender, encrypted.',
  replyEmpty: 'Please write a text or attach a file.',
  replyProof:
    'The reply was refused: the password does not match this message. Please open the message again.',
  replyGone:
    'This message can no longer be answered: it, or the sender’s account, has been deleted. Nothing was sent.',
  replySuspended: 'The sender cannot receive replies at the moment. Nothing was sent.',
  replyLimit: 'This message has had as many replies as it takes. Nothing was sent.',
  replyTooLarge: 'The attachments are too large. Please send fewer or smaller files.',
  replyRefused: 'The reply was not accepted: {detail}',
  replyOffline: 'The reply could not be sent: no connection. Please try again.',
  replyFailed: 'The reply could not be sent. Please try again.',
};

const texts: Record<Lang, Record<ReplyTextKey, string>> = { de, en };

export function rt(lang: Lang, key: ReplyTextKey, vars: Record<string, string> = {}): string {
  return texts[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}
