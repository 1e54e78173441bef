import type { Paragraph } from './cover-text';
import type { ReplyCoverTexts } from './texts';

// The cover of a reply (api/replies): a recipient answered a sealed message on the /open page, and
// the answer goes back to its sender sealed with that message's password. The cover names who
// answers and a neutral reference to the message (date and id), never its subject. The words are
// the catalog's (texts.ts).

export interface ReplyCoverWords {
  from: string;
  reference: string;
  zipName: string;
  pdfName: string;
  publicUrl: string | undefined;
  /** The reply's attachments, in the ZIP under neutral names. */
  attachments: number;
}

export function replyCoverParagraphs(t: ReplyCoverTexts, w: ReplyCoverWords): Paragraph[] {
  return [
    { text: t.greeting },
    {
      text: t.intro(w.from, w.reference),
      items: [t.pdfItem(w.pdfName), t.zipItem(w.zipName, w.attachments)],
    },
    { text: t.password(w.publicUrl) },
    { text: t.howToOpen, items: w.publicUrl ? [t.inBrowser(`${w.publicUrl}/open`)] : [] },
  ];
}
