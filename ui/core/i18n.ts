// ui/core/i18n: the German and English words shared by the Outlook pane, the Thunderbird popup and
// the portal. Pick the language once from the host (Office.context.displayLanguage,
// browser.i18n.getUILanguage(), navigator.language) with `pickLanguage`, then look words up with `t`.

export type Lang = 'de' | 'en';

/** German for any German locale (de, de-DE, de-AT, de-CH), English for everything else. */
export function pickLanguage(tag: string | undefined | null): Lang {
  return tag?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

const de = {
  appName: 'vertraulich',
  signInTitle: 'Anmelden',
  email: 'E-Mail-Adresse',
  password: 'Passwort',
  apiKey: 'API-Schlüssel (statt Passwort)',
  signIn: 'Anmelden',
  signOut: 'Abmelden',
  signedInAs: 'Angemeldet als {email}',
  confidential: 'Vertraulich senden',
  confidentialHint:
    'Die Nachricht wird als verschlüsselte ZIP-Datei und verschlüsseltes PDF verschickt. Das Passwort erhalten Sie hier.',
  recipients: 'Empfänger',
  attachments: 'Anhänge',
  noAttachments: 'keine',
  phone: 'Handynummer für das Passwort per SMS',
  phonePlaceholder: '0170 1234567',
  phonesFromDraft: 'SMS an (aus den Empfängern): {phones}',
  zipMethod: 'ZIP-Verschlüsselung',
  zipAes: 'AES-256 (empfohlen)',
  zipCrypto: 'ZipCrypto (alt, unsicher)',
  zipCryptoWarning:
    'ZipCrypto ist schwach und lässt sich knacken. Nur wählen, wenn der Empfänger AES-ZIP-Dateien nicht öffnen kann.',
  send: 'Vertraulich senden',
  sealAndSend: 'Versiegeln und senden',
  sending: 'Wird versiegelt und gesendet …',
  reading: 'Entwurf wird gelesen …',
  sentTitle: 'Gesendet',
  passwordForRecipient: 'Passwort für den Empfänger',
  copy: 'Kopieren',
  copied: 'Kopiert',
  spellOut: 'Buchstabieren',
  hideSpelling: 'Buchstabieren ausblenden',
  deliveryStatus: 'Zustellung',
  statusSent: 'gesendet',
  statusQueued: 'in der Warteschlange',
  statusFailed: 'fehlgeschlagen',
  smsTo: 'SMS an {phone}: {status}',
  draftClosed: 'Der Entwurf wurde verworfen; die vertrauliche Fassung ist unterwegs.',
  discardDraft:
    'Bitte verwerfen Sie diesen Entwurf jetzt, ohne ihn zu senden: die vertrauliche Fassung ist schon unterwegs.',
  noRecipients: 'Der Entwurf hat keinen E-Mail-Empfänger. Bitte tragen Sie mindestens eine Adresse ein.',
  notConfidential: 'Bitte setzen Sie zuerst den Haken bei „Vertraulich senden“.',
  badPhone: 'Die Handynummer „{phone}“ ist nicht lesbar.',
  onSendBlocked:
    'Diese Nachricht ist als vertraulich markiert. Bitte senden Sie sie über den Bereich „vertraulich“ (Schaltfläche „Vertraulich senden“), nicht über „Senden“.',
  onSendOpenPane: 'Vertraulich senden …',
  onSendCheckFailed:
    'vertraulich konnte nicht prüfen, ob diese Nachricht vertraulich ist. Bitte senden Sie sie noch einmal.',
  outsideOutlook: 'Dieser Bereich funktioniert nur in Outlook.',
  // Errors, in plain words (problem+json status → sentence)
  errInvalid: 'Die Angaben sind unvollständig oder fehlerhaft.',
  errLogin: 'E-Mail-Adresse oder Passwort stimmt nicht.',
  errUnauthorized: 'Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.',
  errForbidden: 'Das erlaubt Ihr Tarif nicht. Passwörter per SMS gibt es nur im bezahlten Tarif.',
  errNotFound: 'Nicht gefunden.',
  errTooLarge: 'Die Anhänge sind zu groß für eine vertrauliche Nachricht.',
  errRateLimited: 'Zu viele Versuche. Bitte warten Sie {minutes} Minuten und versuchen Sie es dann erneut.',
  errServer: 'Beim Dienst ist ein Fehler aufgetreten. Bitte versuchen Sie es in einigen Minuten erneut.',
  errNetwork:
    'Der Dienst ist nicht erreichbar. Bitte prüfen Sie die Internetverbindung und versuchen Sie es erneut.',
  nothingSent: 'Es wurde nichts gesendet.',
  errReadDraft:
    'Outlook hat den Entwurf nicht herausgegeben. Bitte speichern Sie ihn und versuchen Sie es erneut.',
  discardNow: 'Entwurf verwerfen',
  afterSend:
    'Geben Sie dem Empfänger das Passwort auf anderem Weg als per E-Mail, etwa am Telefon. Verwerfen Sie danach diesen Entwurf, ohne ihn zu senden.',
};

export type StringKey = keyof typeof de;

const en: Record<StringKey, string> = {
  appName: 'vertraulich',
  signInTitle: 'Sign in',
  email: 'Email address',
  password: 'Password',
  apiKey: 'API key (instead of password)',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {email}',
  confidential: 'Send confidentially',
  confidentialHint:
    'The message goes out as an encrypted ZIP file and an encrypted PDF. You get the password here.',
  recipients: 'Recipients',
  attachments: 'Attachments',
  noAttachments: 'none',
  phone: 'Mobile number for the password by SMS',
  phonePlaceholder: '+49 170 1234567',
  phonesFromDraft: 'SMS to (from the recipients): {phones}',
  zipMethod: 'ZIP encryption',
  zipAes: 'AES-256 (recommended)',
  zipCrypto: 'ZipCrypto (legacy, weak)',
  zipCryptoWarning:
    'ZipCrypto is weak and can be cracked. Choose it only if the recipient cannot open AES ZIP files.',
  send: 'Send confidentially',
  sealAndSend: 'Seal and send',
  sending: 'Sealing and sending …',
  reading: 'Reading the draft …',
  sentTitle: 'Sent',
  passwordForRecipient: 'Password for the recipient',
  copy: 'Copy',
  copied: 'Copied',
  spellOut: 'Spell it out',
  hideSpelling: 'Hide spelling',
  deliveryStatus: 'Delivery',
  statusSent: 'sent',
  statusQueued: 'queued',
  statusFailed: 'failed',
  smsTo: 'SMS to {phone}: {status}',
  draftClosed: 'The draft was discarded; the confidential version is on its way.',
  discardDraft: 'Please discard this draft now without sending it: the confidential version is on its way.',
  noRecipients: 'The draft has no email recipient. Please add at least one address.',
  notConfidential: 'Please tick “Send confidentially” first.',
  badPhone: 'The mobile number “{phone}” cannot be read.',
  onSendBlocked:
    'This message is marked confidential. Please send it from the vertraulich pane (button “Send confidentially”), not with Send.',
  onSendOpenPane: 'Send confidentially …',
  onSendCheckFailed:
    'vertraulich could not check whether this message is confidential. Please send it again.',
  outsideOutlook: 'This pane works only inside Outlook.',
  errInvalid: 'Some details are missing or wrong.',
  errLogin: 'The email address or password is wrong.',
  errUnauthorized: 'Your sign-in has expired. Please sign in again.',
  errForbidden: 'Your plan does not allow this. Passwords by SMS come with the paid plan.',
  errNotFound: 'Not found.',
  errTooLarge: 'The attachments are too large for a confidential message.',
  errRateLimited: 'Too many attempts. Please wait {minutes} minutes and try again.',
  errServer: 'The service ran into an error. Please try again in a few minutes.',
  errNetwork: 'The service cannot be reached. Please check the internet connection and try again.',
  nothingSent: 'Nothing was sent.',
  errReadDraft: 'Outlook did not hand over the draft. Please save it and try again.',
  discardNow: 'Discard draft',
  afterSend:
    'Give the recipient the password another way than email, for instance on the phone. Then discard this draft without sending it.',
};

export const strings: Record<Lang, Record<StringKey, string>> = { de, en };

/** The text for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return strings[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
