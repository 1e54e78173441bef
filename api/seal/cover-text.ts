import type { Language } from './types';

// What the recipient reads in the sealed mail itself: what the two attachments are and how to open
// them. Explorer (Windows) and Archive Utility (macOS) cannot open WinZip AES-256, hence the tools
// named; every phone's built-in PDF viewer asks for the password.

export interface CoverWords {
  sender: string;
  zipName: string;
  pdfName: string;
  publicUrl: string | undefined;
  /** `${publicUrl}/open`, with `#m=<message id>` when the message has one (the page's reply needs it). */
  openUrl: string | undefined;
  /** The /open link carries the message id, so the page offers a confidential reply (issue 18). */
  canReply?: boolean;
}

export interface CoverTexts {
  subject: (sender: string) => string;
  generic: string;
  zipName: string;
  pdfName: string;
  paragraphs: (w: CoverWords) => { text: string; items?: string[] }[];
}

// The order follows what works for most recipients (issue 19): the /open page first (any device,
// no software; receiving gateways may quarantine password-protected attachments, Windows Explorer
// and macOS Archive Utility cannot open AES ZIPs, Android's PDF viewer takes passwords only since
// Android 15), then the PDF, then the ZIP tools per system, then what to do when the attachments
// were removed on the way.
export const COVER: Record<Language, CoverTexts> = {
  de: {
    subject: (s) => `Vertrauliche Nachricht von ${s}`,
    generic: 'Vertrauliche Nachricht',
    zipName: 'vertrauliche-nachricht.zip',
    pdfName: 'vertrauliche-nachricht.pdf',
    paragraphs: (w) => [
      { text: 'Guten Tag,' },
      {
        text: `${w.sender} hat Ihnen eine vertrauliche Nachricht geschickt. Sie steckt verschlüsselt in den beiden Anhängen dieser E-Mail, beide mit demselben Passwort geschützt. Das Passwort erhalten Sie auf anderem Weg, etwa per SMS oder von ${w.sender} selbst; die Bindestriche gehören dazu.`,
      },
      ...(w.openUrl
        ? [
            {
              text: `Am einfachsten im Browser öffnen, auf jedem Gerät: ${w.openUrl} – dort die ZIP-Datei aus dieser E-Mail wählen und das Passwort eingeben. Die Datei verlässt Ihr Gerät nicht.`,
            },
          ]
        : []),
      {
        text: w.openUrl ? 'Oder die Anhänge direkt öffnen:' : 'So öffnen Sie die Anhänge:',
        items: [
          `${w.pdfName}: der Text der Nachricht als PDF. Es öffnet sich in jedem PDF-Programm; auf dem Smartphone antippen, die eingebaute Vorschau fragt nach dem Passwort (Android ab Version 15).`,
          `${w.zipName}: die Nachricht mit allen Anhängen im Original (ZIP-Datei, AES-256-verschlüsselt). Die Anhänge heißen darin neutral Anhang-01, Anhang-02 usw.; welcher welcher ist, steht im PDF.`,
          'Windows: die ZIP-Datei mit 7-Zip (kostenlos, 7-zip.org). Der Windows-Explorer kann AES-256-verschlüsselte ZIP-Dateien nicht öffnen.',
          'macOS: die ZIP-Datei mit Keka oder The Unarchiver (kostenlos im App Store). Das Archivierungsprogramm von macOS kann es nicht.',
        ],
      },
      {
        text: `Keine Anhänge zu sehen? Manche E-Mail-Systeme entfernen verschlüsselte Anhänge. Bitten Sie ${w.sender}, die Nachricht noch einmal zu senden, oder fragen Sie Ihre IT, ob sie zurückgehalten wurde.`,
      },
      {
        text: `Eine Antwort auf diese E-Mail geht unverschlüsselt an ${w.sender}.${w.canReply ? ' Vertraulich antworten: die Nachricht im Browser öffnen (Link oben) und „Antworten“ wählen.' : ''}`,
      },
    ],
  },
  en: {
    subject: (s) => `Confidential message from ${s}`,
    generic: 'Confidential message',
    zipName: 'confidential-message.zip',
    pdfName: 'confidential-message.pdf',
    paragraphs: (w) => [
      { text: 'Hello,' },
      {
        text: `${w.sender} has sent you a confidential message. It is encrypted in the two attachments of this email, both locked with the same password. You get the password another way, for example by text message or from ${w.sender} in person; the hyphens are part of it.`,
      },
      ...(w.openUrl
        ? [
            {
              text: `Easiest: open it in your browser, on any device: ${w.openUrl} – choose the ZIP file from this email there and type the password. The file never leaves your device.`,
            },
          ]
        : []),
      {
        text: w.openUrl ? 'Or open the attachments directly:' : 'How to open the attachments:',
        items: [
          `${w.pdfName}: the text of the message as a PDF. It opens in any PDF viewer; on a phone, tap it and the built-in viewer asks for the password (Android 15 and later).`,
          `${w.zipName}: the message with all of its attachments as they were sent (ZIP file, AES-256 encrypted). In it the attachments have neutral names, Attachment-01, Attachment-02 and so on; the PDF says which is which.`,
          'Windows: open the ZIP file with 7-Zip (free, 7-zip.org). Windows Explorer cannot open AES-256 encrypted ZIP files.',
          'macOS: open the ZIP file with Keka or The Unarchiver (free in the App Store). Archive Utility cannot.',
        ],
      },
      {
        text: `No attachments to be seen? Some mail systems remove encrypted attachments. Ask ${w.sender} to send the message again, or ask your IT whether it was held back.`,
      },
      {
        text: `A reply to this email goes to ${w.sender} unencrypted.${w.canReply ? ' To reply confidentially, open the message in your browser (link above) and choose “Reply”.' : ''}`,
      },
    ],
  },
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes, then makes each web address a link (the /open page's, when PUBLIC_URL is set). */
function htmlLine(s: string): string {
  return escapeHtml(s).replace(/https?:\/\/[^\s<]+[^\s<.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);
}

export function coverText(paragraphs: { text: string; items?: string[] }[]): string {
  return paragraphs
    .map((p) => [p.text, ...(p.items ?? []).map((i) => `  • ${i}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}

export function coverHtml(paragraphs: { text: string; items?: string[] }[], lang: Language): string {
  const body = paragraphs
    .map((p) => {
      const items = p.items?.length
        ? `<ul>${p.items.map((i) => `<li>${htmlLine(i)}</li>`).join('')}</ul>`
        : '';
      return `<p>${htmlLine(p.text)}</p>${items}`;
    })
    .join('\n');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.45">\n${body}\n</body></html>`;
}
