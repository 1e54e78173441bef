// The words of the /open page, German and English. German is written into the HTML at build time
// (no flash of empty labels); the script switches to English for browsers that do not ask for German
// and whenever the recipient presses the language button.

export type Lang = 'de' | 'en';

const de = {
  pageTitle: 'Vertrauliche Nachricht öffnen – vertraulich',
  heading: 'Vertrauliche Nachricht öffnen',
  intro:
    'Sie haben eine vertrauliche E-Mail mit einer verschlüsselten ZIP-Datei bekommen. Hier öffnen Sie sie ohne zusätzliche Software.',
  neverLeaves:
    'Die Datei verlässt nie dieses Gerät: Sie wird hier in Ihrem Browser entschlüsselt, nichts wird hochgeladen.',
  offlineReady: 'Diese Seite funktioniert jetzt auch ohne Internetverbindung.',
  decryptedHere: 'Auf diesem Gerät entschlüsselt. Nichts wurde hochgeladen.',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English',
  fileLabel: '1. ZIP-Datei aus der E-Mail',
  dropHint: 'Datei hierher ziehen oder auswählen',
  fileChosen: 'Gewählt: {name}',
  passwordLabel: '2. Passwort',
  passwordHint: 'Sie haben es per SMS oder vom Absender bekommen, z. B. Kx7m-P2qr-9Tzb-W4nd-Hs3e',
  showPassword: 'Passwort anzeigen',
  open: 'Öffnen',
  opening: 'Wird entschlüsselt …',
  needFile: 'Bitte wählen Sie zuerst die ZIP-Datei aus der E-Mail.',
  needPassword: 'Bitte geben Sie das Passwort ein.',
  'wrong-password':
    'Das Passwort stimmt nicht. Bitte prüfen Sie es Zeichen für Zeichen, mit den Bindestrichen.',
  damaged:
    'Die Datei ließ sich nicht entschlüsseln: Sie ist beschädigt, oder das Passwort stimmt nicht. Bitte prüfen Sie das Passwort und laden Sie die Datei sonst noch einmal aus der E-Mail.',
  truncated:
    'Die Datei ist unvollständig, wohl weil der Download abgebrochen ist. Bitte speichern Sie den Anhang noch einmal aus der E-Mail.',
  'not-ours':
    'Das ist keine vertrauliche Nachricht von vertraulich. Bitte wählen Sie die ZIP-Datei, die an der E-Mail hängt.',
  unexpected: 'Die Datei ließ sich nicht öffnen. Bitte versuchen Sie es noch einmal.',
  from: 'Von',
  to: 'An',
  cc: 'Kopie',
  date: 'Datum',
  subject: 'Betreff',
  noSubject: '(ohne Betreff)',
  message: 'Nachricht',
  noBody: '(Die Nachricht hat keinen Text.)',
  remoteImagesBlocked: 'Bilder aus dem Internet wurden nicht geladen, damit niemand vom Öffnen erfährt.',
  attachments: 'Anhänge',
  noAttachments: 'Keine Anhänge.',
  download: 'Herunterladen',
  downloadNamed: '{name} herunterladen',
  preview: 'Vorschau',
  hidePreview: 'Vorschau schließen',
  previewOf: 'Vorschau von {name}',
  openAnother: 'Andere Datei öffnen',
  footer: 'vertraulich – vertrauliche E-Mail. Entschlüsselt mit zip.js in Ihrem Browser.',
} as const;

export type TextKey = keyof typeof de;

const en: Record<TextKey, string> = {
  pageTitle: 'Open a confidential message – vertraulich',
  heading: 'Open a confidential message',
  intro:
    'You received a confidential email with an encrypted ZIP file. Open it here, without installing anything.',
  neverLeaves:
    'The file never leaves this device: it is decrypted here in your browser, nothing is uploaded.',
  offlineReady: 'This page now works without an internet connection, too.',
  decryptedHere: 'Decrypted on this device. Nothing was uploaded.',
  switchLanguage: 'Deutsch',
  switchLanguageLabel: 'Auf Deutsch umschalten',
  fileLabel: '1. ZIP file from the email',
  dropHint: 'Drop the file here or choose it',
  fileChosen: 'Chosen: {name}',
  passwordLabel: '2. Password',
  passwordHint: 'You got it by text message or from the sender, e.g. Kx7m-P2qr-9Tzb-W4nd-Hs3e',
  showPassword: 'Show password',
  open: 'Open',
  opening: 'Decrypting …',
  needFile: 'Please choose the ZIP file from the email first.',
  needPassword: 'Please enter the password.',
  'wrong-password': 'The password is not right. Please check it character by character, hyphens included.',
  damaged:
    'The file could not be decrypted: it is damaged, or the password is not right. Please check the password, or else save the file from the email again.',
  truncated:
    'The file is incomplete, probably because the download was interrupted. Please save the attachment from the email again.',
  'not-ours':
    'This is not a confidential message from vertraulich. Please choose the ZIP file attached to the email.',
  unexpected: 'The file could not be opened. Please try again.',
  from: 'From',
  to: 'To',
  cc: 'Cc',
  date: 'Date',
  subject: 'Subject',
  noSubject: '(no subject)',
  message: 'Message',
  noBody: '(The message has no text.)',
  remoteImagesBlocked: 'Images from the internet were not loaded, so that nobody learns you opened this.',
  attachments: 'Attachments',
  noAttachments: 'No attachments.',
  download: 'Download',
  downloadNamed: 'Download {name}',
  preview: 'Preview',
  hidePreview: 'Close preview',
  previewOf: 'Preview of {name}',
  openAnother: 'Open another file',
  footer: 'vertraulich – confidential email. Decrypted with zip.js in your browser.',
};

const texts: Record<Lang, Record<TextKey, string>> = { de, en };

/** German for any German locale (de, de-DE, de-AT, de-CH), English for everything else. */
export function pickLanguage(tags: readonly string[]): Lang {
  const first = tags.find((tag) => /^(de|en)\b/i.test(tag));
  return first?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function t(lang: Lang, key: TextKey, vars: Record<string, string> = {}): string {
  return texts[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}

export function isTextKey(key: string): key is TextKey {
  return key in de;
}
