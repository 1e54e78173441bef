// The words of a sealed mail: the cover, the reply cover, the PDF's labels and the names in the ZIP.
// The sealing core holds no text of its own; the callers build these from the one message catalog
// (ui/core/locales, through api/i18n/seal-texts.ts) and hand them in with the options, so a sender
// reads the same words in the portal as in the mail sent for them. Plain strings and small
// functions: a worker thread builds its own from the language, since functions cannot be posted.

/** The languages of the catalog that a sealed mail speaks. */
export type Language = 'de' | 'en';

export interface CoverTexts {
  subject: (sender: string) => string;
  /** The subject when the sender has no name and no address. */
  generic: string;
  zipName: string;
  pdfName: string;
  /** Stands for the sender in the text when the mail names none. */
  someone: string;
  greeting: string;
  intro: (sender: string) => string;
  openInBrowser: (openUrl: string) => string;
  /** Heads the list of attachments after the /open link ... */
  orDirectly: string;
  /** ... or without one. */
  howToOpen: string;
  pdfItem: (pdfName: string) => string;
  /** `attachments`: how many the message has (the ZIP lists its entries openly anyway). */
  zipItem: (zipName: string, attachments: number) => string;
  windows: string;
  macos: string;
  missing: (sender: string) => string;
  replyInClear: (sender: string) => string;
  /** Follows `replyInClear` when the /open page can answer the message. */
  replyConfidentially: string;
}

export interface ReplyCoverTexts {
  subject: (from: string) => string;
  zipName: string;
  pdfName: string;
  greeting: string;
  intro: (from: string, reference: string) => string;
  pdfItem: (pdfName: string) => string;
  zipItem: (zipName: string, attachments: number) => string;
  /** Where the password is, with the service's address when it has one. */
  password: (publicUrl: string | undefined) => string;
  howToOpen: string;
  inBrowser: (openUrl: string) => string;
}

export interface PdfLabels {
  title: string;
  from: string;
  to: string;
  cc: string;
  date: string;
  subject: string;
  noSubject: string;
  /** Heads the list of attachments: "2 Anhänge (…)". */
  attachments: (count: number) => string;
  cut: string;
  page: (page: number, pages: number) => string;
}

export interface SealTexts {
  language: Language;
  /** BCP 47 tag for the PDF's dates and sizes. */
  locale: string;
  /** The .eml's name in the ZIP. */
  emlName: string;
  /** The word of the neutral entry names: Anhang-01.pdf, Attachment-01.pdf. */
  entryWord: string;
  cover: CoverTexts;
  replyCover: ReplyCoverTexts;
  pdf: PdfLabels;
}
