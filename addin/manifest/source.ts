// The one source of truth for both Outlook manifests (issue 19): the XML add-in-only manifest
// (manifest.xml, for Outlook on Mac and mobile and classic Windows) and the unified app manifest
// (manifest.json, for new Outlook on Windows, Outlook on the web and the Microsoft 365 admin center).
// Ids, names (de/en), icons, pages and requirement sets live here once; manifest.xml names them
// through {{…}} tokens and manifest.json is built from them (addin/manifest/unified.ts).

export const addin = {
  /** The add-in's id: the XML <Id> and the unified manifest's `id` must be the same GUID. */
  id: 'b7112cb1-a1e8-4241-b015-9b4381c95d30',
  /** XML wants four parts, the unified manifest semver: both come from these three numbers. */
  version: [1, 0, 0] as const,
  provider: 'vertraulich',
  accentColor: '#1F4E79',
  name: { de: 'vertraulich', en: 'vertraulich' },
  fullName: { de: 'vertraulich: vertrauliche E-Mail', en: 'vertraulich: confidential email' },
  description: {
    de: 'Versendet E-Mails vertraulich: als verschlüsselte ZIP-Datei und verschlüsseltes PDF mit einem Passwort pro Nachricht.',
    en: 'Sends email confidentially: as an encrypted ZIP file and an encrypted PDF with one password per message.',
  },
  shortDescription: {
    de: 'E-Mails verschlüsselt versenden, ein Passwort pro Nachricht.',
    en: 'Send email encrypted, one password per message.',
  },
  group: { de: 'vertraulich', en: 'vertraulich' },
  button: { de: 'Vertraulich senden', en: 'Send confidentially' },
  tooltip: {
    de: 'Öffnet den Bereich, der diese Nachricht verschlüsselt versendet und Ihnen das Passwort zeigt.',
    en: 'Opens the pane that sends this message encrypted and shows you its password.',
  },
  /** Files under /addin/ that addin/build.ts writes (test/addin-manifest.test.ts checks the build). */
  pages: { pane: 'pane.html', runtime: 'runtime.html', runtimeScript: 'on-send.js' },
  /** Ribbon icons by size, the store icons, and the unified manifest's package icons. */
  ribbonIcons: { 16: 'assets/icon-16.png', 32: 'assets/icon-32.png', 80: 'assets/icon-80.png' },
  icon: 'assets/icon-64.png',
  highResolutionIcon: 'assets/icon-128.png',
  packageIcons: { color: 'assets/icon-192.png', outline: 'assets/icon-32.png' },
  /** The Smart Alerts handler that on-send-entry.ts associates. */
  sendHandler: 'onMessageSendHandler',
  /** Mailbox 1.8: getAttachmentContentAsync in compose; 1.12: OnMessageSend with SendMode (Smart Alerts). */
  mailbox: { pane: '1.8', sendGuard: '1.12' },
} as const;

export type Lang = 'de' | 'en';

export const versionString = (parts: number) => [...addin.version, 0].slice(0, parts).join('.');

/** An absolute URL of a file of the add-in under PUBLIC_URL (no trailing slash). */
export function addinUrl(publicUrl: string, file: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/addin/${file}`;
}
