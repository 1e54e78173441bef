import type { Language } from './types';

// The cover of a reply (api/replies): a recipient answered a sealed message on the /open page, and
// the answer goes back to its sender sealed with that message's password. The cover names who
// answers and a neutral reference to the message (date and id), never its subject.

export interface ReplyCoverWords {
  from: string;
  reference: string;
  zipName: string;
  pdfName: string;
  publicUrl: string | undefined;
}

export interface ReplyCoverTexts {
  subject: (from: string) => string;
  zipName: string;
  pdfName: string;
  paragraphs: (w: ReplyCoverWords) => { text: string; items?: string[] }[];
}

export const REPLY_COVER: Record<Language, ReplyCoverTexts> = {
  de: {
    subject: (from) => `Vertrauliche Antwort von ${from}`,
    zipName: 'vertrauliche-antwort.zip',
    pdfName: 'vertrauliche-antwort.pdf',
    paragraphs: (w) => [
      { text: 'Guten Tag,' },
      {
        text: `${w.from} hat vertraulich auf ${w.reference} geantwortet. Die Antwort steckt verschlüsselt in den beiden Anhängen dieser E-Mail, beide mit dem Passwort der Nachricht geschützt, auf die sie antwortet:`,
        items: [
          `${w.pdfName}: der Text der Antwort als PDF.`,
          `${w.zipName}: die Antwort mit allen Anhängen im Original (ZIP-Datei, AES-256-verschlüsselt).`,
        ],
      },
      {
        text: `Das Passwort steht in Ihrem Verlauf bei der Nachricht, auf die geantwortet wurde${w.publicUrl ? ` (${w.publicUrl})` : ''}.`,
      },
      {
        text: 'So öffnen Sie die Anhänge: das PDF in jedem PDF-Programm, die ZIP-Datei mit 7-Zip (Windows) oder Keka (macOS)',
        items: w.publicUrl
          ? [`oder im Browser: ${w.publicUrl}/open – die Datei verlässt Ihren Computer nicht.`]
          : [],
      },
    ],
  },
  en: {
    subject: (from) => `Confidential reply from ${from}`,
    zipName: 'confidential-reply.zip',
    pdfName: 'confidential-reply.pdf',
    paragraphs: (w) => [
      { text: 'Hello,' },
      {
        text: `${w.from} has replied confidentially to ${w.reference}. The reply is encrypted in the two attachments of this email, both locked with the password of the message it answers:`,
        items: [
          `${w.pdfName}: the text of the reply as a PDF.`,
          `${w.zipName}: the reply with all of its attachments as they were sent (ZIP file, AES-256 encrypted).`,
        ],
      },
      {
        text: `The password is in your history, with the message that was answered${w.publicUrl ? ` (${w.publicUrl})` : ''}.`,
      },
      {
        text: 'How to open the attachments: the PDF in any PDF viewer, the ZIP file with 7-Zip (Windows) or Keka (macOS)',
        items: w.publicUrl
          ? [`or in your browser: ${w.publicUrl}/open – the file never leaves your computer.`]
          : [],
      },
    ],
  },
};
