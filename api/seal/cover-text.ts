import type { CoverTexts } from './texts';
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
  /** The message's attachments, in the ZIP under neutral names. */
  attachments: number;
}

export interface Paragraph {
  text: string;
  items?: string[];
}

// The order follows what works for most recipients (issue 19): the /open page first (any device,
// no software; receiving gateways may quarantine password-protected attachments, Windows Explorer
// and macOS Archive Utility cannot open AES ZIPs, Android's PDF viewer takes passwords only since
// Android 15), then the PDF, then the ZIP tools per system, then what to do when the attachments
// were removed on the way. The words are the catalog's (texts.ts).
export function coverParagraphs(t: CoverTexts, w: CoverWords): Paragraph[] {
  return [
    { text: t.greeting },
    { text: t.intro(w.sender) },
    ...(w.openUrl ? [{ text: t.openInBrowser(w.openUrl) }] : []),
    {
      text: w.openUrl ? t.orDirectly : t.howToOpen,
      items: [t.pdfItem(w.pdfName), t.zipItem(w.zipName, w.attachments), t.windows, t.macos],
    },
    { text: t.missing(w.sender) },
    {
      text: w.canReply ? `${t.replyInClear(w.sender)} ${t.replyConfidentially}` : t.replyInClear(w.sender),
    },
  ];
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes, then makes each web address a link (the /open page's, when PUBLIC_URL is set). */
function htmlLine(s: string): string {
  return escapeHtml(s).replace(/https?:\/\/[^\s<]+[^\s<.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);
}

export function coverText(paragraphs: Paragraph[]): string {
  return paragraphs
    .map((p) => [p.text, ...(p.items ?? []).map((i) => `  • ${i}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}

export function coverHtml(paragraphs: Paragraph[], lang: Language): string {
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
