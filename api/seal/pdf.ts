import { PDFDocument, type PDFPage, rgb } from '@cantoo/pdf-lib';
import { type FontRole, FontSet } from './fonts';
import { encryptPdf } from './pdf-encryption';
import { cleanText, type Measure, wrapText } from './pdf-layout';
import type { PdfLabels } from './texts';

// The readable copy of the message: an A4 PDF under AES-256 (PDF 2.0 security handler, V5/R6) with
// the message password as user password, so it opens in any viewer, phones included.

export interface PdfAttachment {
  /** The neutral name of its entry in the ZIP. */
  name: string;
  /** The name the sender gave it (made safe), shown beside the neutral one. */
  original: string;
  size: number;
}

export interface PdfContent {
  /** The words, from the catalog (texts.ts), and the locale for the date and the sizes. */
  labels: PdfLabels;
  locale: string;
  from: string;
  to: string;
  cc: string;
  /** A readable date, the header's text where it could not be read, or nothing when there was none. */
  date: Date | string | undefined;
  subject: string;
  body: string;
  attachments: PdfAttachment[];
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const BODY_SIZE = 10.5;
const LINE = 1.45;
const LABEL_WIDTH = 62;
/** A body beyond this (~50 pages) is cut in the PDF; the full message is in the ZIP. Bounds the time. */
export const MAX_PDF_BODY_CHARS = 100_000;

// An Intl formatter takes ~0.25 ms to build and microseconds to use: one of each per locale and process.
const sizeFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function formatter<T>(cache: Map<string, T>, locale: string, make: (locale: string) => T): T {
  let f = cache.get(locale);
  if (!f) {
    f = make(locale);
    cache.set(locale, f);
  }
  return f;
}

function formatSize(bytes: number, locale: string): string {
  const f = formatter(sizeFormats, locale, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: 1 }));
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${f.format(bytes / 1024)} KB`;
  return `${f.format(bytes / 1024 / 1024)} MB`;
}

class Writer {
  readonly fonts: FontSet;
  page: PDFPage;
  y = 0;

  constructor(readonly doc: PDFDocument) {
    this.fonts = new FontSet(doc);
    this.page = this.#newPage();
  }

  #newPage(): PDFPage {
    const page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
    this.page = page;
    return page;
  }

  measure(role: FontRole, size: number): Measure {
    return { fonts: this.fonts, role, size };
  }

  /** Draws one line at `x`, first moving to a new page when it would not fit. */
  async line(text: string, x: number, role: FontRole, size: number, advance = true): Promise<void> {
    if (this.y - size < MARGIN) this.#newPage();
    await this.#draw(this.page, text, x, this.y - size, role, size);
    if (advance) this.y -= size * LINE;
  }

  async #draw(
    page: PDFPage,
    text: string,
    x: number,
    y: number,
    role: FontRole,
    size: number,
  ): Promise<void> {
    let at = x;
    for (const run of await this.fonts.runs(role, text, size)) {
      page.drawText(run.text, { x: at, y, size, font: run.font, color: rgb(0, 0, 0) });
      at += run.width;
    }
  }

  async paragraph(text: string, role: FontRole, size: number, x = MARGIN): Promise<void> {
    const maxWidth = A4.width - MARGIN - x;
    for (const l of wrapText(this.measure(role, size), text, maxWidth)) await this.line(l, x, role, size);
  }

  async field(label: string, value: string): Promise<void> {
    if (value.trim() === '') return;
    const x = MARGIN + LABEL_WIDTH;
    const lines = wrapText(this.measure('regular', BODY_SIZE), value, A4.width - MARGIN - x);
    await this.line(`${label}:`, MARGIN, 'bold', BODY_SIZE, false);
    for (const l of lines) await this.line(l, x, 'regular', BODY_SIZE);
  }

  rule(): void {
    this.y -= BODY_SIZE * 0.5;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4.width - MARGIN, y: this.y },
      thickness: 0.6,
      color: rgb(0.6, 0.6, 0.6),
    });
    this.y -= BODY_SIZE * 1.2;
  }

  async footers(text: (i: number, n: number) => string): Promise<void> {
    const pages = this.doc.getPages();
    for (const [i, page] of pages.entries()) {
      await this.#draw(page, text(i + 1, pages.length), MARGIN, MARGIN - 24, 'regular', 8);
    }
  }
}

export async function buildPdf(content: PdfContent, password: string): Promise<Uint8Array> {
  const t = content.labels;
  const doc = await PDFDocument.create();
  // Neutral metadata: the info dictionary is encrypted too, but nothing of the message belongs there.
  doc.setTitle(t.title);
  doc.setProducer('vertraulich');
  doc.setCreator('vertraulich');
  const w = new Writer(doc);
  await w.paragraph(cleanText(content.subject) || t.noSubject, 'bold', 15);
  w.y -= 4;
  await w.field(t.from, cleanText(content.from));
  await w.field(t.to, cleanText(content.to));
  await w.field(t.cc, cleanText(content.cc));
  const date =
    content.date instanceof Date
      ? formatter(
          dateFormats,
          content.locale,
          (l) =>
            new Intl.DateTimeFormat(l, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
        ).format(content.date)
      : cleanText(content.date ?? '');
  await w.field(t.date, date);
  await w.field(t.subject, cleanText(content.subject) || t.noSubject);
  w.rule();
  let body = cleanText(content.body)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (body.length > MAX_PDF_BODY_CHARS) body = `${body.slice(0, MAX_PDF_BODY_CHARS)}\n\n${t.cut}`;
  await w.paragraph(body, 'regular', BODY_SIZE);
  if (content.attachments.length > 0) {
    w.rule();
    await w.paragraph(`${t.attachments(content.attachments.length)}:`, 'bold', BODY_SIZE);
    for (const a of content.attachments) {
      const line = `• ${cleanText(a.original)} (${formatSize(a.size, content.locale)}) → ${a.name}`;
      await w.paragraph(line, 'regular', BODY_SIZE);
    }
  }
  await w.footers(t.page);
  // AES-256 (R6) with the password as user password, no owner password, printing and copying allowed.
  encryptPdf(doc, password);
  return doc.save({ useObjectStreams: true });
}
