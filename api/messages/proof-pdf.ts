import { PDFDocument, type PDFPage, rgb } from '@cantoo/pdf-lib';
import { format, type KeyOf, locales, type Values } from '../../ui/core/i18n';
import { type FontRole, FontSet } from '../seal/fonts';
import { cleanText, wrapText } from '../seal/pdf-layout';
import type { Language } from '../seal/types';
import { smsReasonText } from '../sms/status';
import type { Proof } from './proof-schema';

// The proof of sending as a one-page A4 PDF a practice can print or file. Not encrypted: it holds
// no content and no password, only who sent what (by hash) to whom and when. Same fonts as the
// sealed PDF (api/seal/fonts.ts), so any name in any script prints. The words are the catalog's
// (ui/core/locales, section `proof`).

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const SIZE = 9;
const LINE = 1.4;
const LABEL_WIDTH = 120;

class ProofWriter {
  readonly fonts: FontSet;
  page: PDFPage;
  y = A4.height - MARGIN;

  constructor(readonly doc: PDFDocument) {
    this.fonts = new FontSet(doc);
    this.page = doc.addPage([A4.width, A4.height]);
  }

  async #draw(text: string, x: number, role: FontRole, size: number, grey = false): Promise<void> {
    let at = x;
    const color = grey ? rgb(0.35, 0.35, 0.35) : rgb(0, 0, 0);
    for (const run of await this.fonts.runs(role, text, size)) {
      this.page.drawText(run.text, { x: at, y: this.y - size, size, font: run.font, color });
      at += run.width;
    }
  }

  async lines(text: string, x: number, role: FontRole, size = SIZE, grey = false): Promise<void> {
    const max = A4.width - MARGIN - x;
    for (const l of wrapText({ fonts: this.fonts, role, size }, cleanText(text), max)) {
      if (this.y - size < MARGIN) {
        this.page = this.doc.addPage([A4.width, A4.height]);
        this.y = A4.height - MARGIN;
      }
      await this.#draw(l, x, role, size, grey);
      this.y -= size * LINE;
    }
  }

  async field(label: string, value: string): Promise<void> {
    const top = this.y;
    await this.#draw(`${label}:`, MARGIN, 'bold', SIZE);
    this.y = top;
    await this.lines(value, MARGIN + LABEL_WIDTH, 'regular');
  }

  async heading(text: string): Promise<void> {
    this.y -= SIZE * 0.8;
    await this.lines(text, MARGIN, 'bold', SIZE + 2);
  }
}

export async function buildProofPdf(proof: Proof, language: Language): Promise<Uint8Array> {
  const t = (key: KeyOf<'proof'>, values?: Values) => format(language, 'proof', key, values);
  const when = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(locales[language], {
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          timeZone: 'Europe/Berlin',
          timeZoneName: 'short',
        }).format(new Date(iso))
      : t('none');
  const doc = await PDFDocument.create();
  doc.setTitle(`${t('title')} ${proof.messageId}`);
  doc.setProducer('vertraulich');
  doc.setCreator('vertraulich');
  const w = new ProofWriter(doc);
  await w.lines(t('title'), MARGIN, 'bold', 16);
  await w.lines(t('intro'), MARGIN, 'regular', SIZE, true);
  w.y -= SIZE;
  await w.field(t('message'), proof.messageId);
  const sender = proof.sender.name ? `${proof.sender.name} <${proof.sender.address}>` : proof.sender.address;
  await w.field(t('sender'), sender);
  await w.field(t('account'), proof.sender.accountId);
  await w.field(t('created'), when(proof.createdAt));
  await w.field(t('delivered'), when(proof.deliveredAt));
  await w.field(t('status'), t(`message_${proof.status}`));

  await w.heading(t('hashes'));
  await w.field(t('original'), proof.original.sha256);
  await w.field(t('sealed'), proof.sealed.sha256 ?? t('none'));
  await w.field(t('messageIdHeader'), proof.sealed.messageIdHeader);
  const zip = proof.sealed.zip === 'zipcrypto' ? 'ZIP: ZipCrypto' : 'ZIP: AES-256 (WinZip AE-2)';
  await w.field(t('methods'), `${zip}; PDF: AES-256`);

  await w.heading(t('recipients'));
  for (const r of proof.recipients) {
    await w.lines(
      `${r.address} (${r.kind.toUpperCase()}): ${t(`recipient_${r.status}`)}, ${when(r.at)}`,
      MARGIN,
      'regular',
    );
    if (r.reply) await w.lines(r.reply, MARGIN + 14, 'regular', SIZE - 1, true);
  }
  if (proof.sms.length > 0) {
    await w.heading(t('sms'));
    for (const s of proof.sms) {
      const reason = s.reason ? ` (${smsReasonText(s.reason, language)})` : '';
      await w.lines(`${s.phone}: ${t(`sms_${s.status}`)}${reason}, ${when(s.at)}`, MARGIN, 'regular');
    }
  }
  w.y -= SIZE;
  await w.lines(t('footer', { at: when(proof.generatedAt) }), MARGIN, 'regular', SIZE - 1, true);
  return doc.save({ useObjectStreams: true });
}
