import { describe, expect, it } from 'vitest';
import { pdfToText, qpdfEncryption } from '../../test/helpers/sealed';
import { sealTexts } from '../i18n/seal-texts';
import { htmlToPlain } from './html';
import { buildPdf, MAX_PDF_BODY_CHARS, type PdfContent } from './pdf';

const password = 'Test-Pass-Word-2345';
const words = (lang: 'de' | 'en') => ({ labels: sealTexts(lang).pdf, locale: sealTexts(lang).locale });
const base: PdfContent = {
  ...words('de'),
  from: 'Dr. Jana Öztürk <jana@example.org>',
  to: 'Max Mustermann <max@example.org>',
  cc: '',
  date: new Date('2024-03-05T09:30:00Z'),
  subject: 'Befund',
  body: 'Kurz.',
  attachments: [],
};

const squash = (s: string) => s.replace(/\s+/g, '');

describe('buildPdf', () => {
  it('runs over as many pages as the text needs, numbered', async () => {
    const body = Array.from({ length: 400 }, (_, i) => `Zeile ${i + 1}: Blutwerte im Normbereich.`).join(
      '\n',
    );
    const text = await pdfToText(await buildPdf({ ...base, body }, password), password);
    expect(text).toContain('Seite 1 von');
    expect(text).toMatch(/Seite (\d+) von \1/);
    const pages = Number(/Seite \d+ von (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(text).toContain('Zeile 1:');
    expect(text).toContain('Zeile 400:');
  });

  it('breaks long words, URLs and Japanese text without losing a character', async () => {
    const url = `https://example.org/${'sehr-langer-pfad/'.repeat(20)}ende`;
    const japanese = 'これは改行のない長い日本語の文章です。'.repeat(30);
    const korean = '안녕하세요 한국어 텍스트입니다 '.repeat(10);
    const chinese = '这是简体中文的测试文本，没有空格。'.repeat(10);
    const body = `${url}\n\n${japanese}\n\n${korean}\n\n${chinese}\n\nEmoji 👩‍⚕️ 🎉 ✅`;
    const text = await pdfToText(await buildPdf({ ...base, body }, password), password);
    const flat = squash(text);
    for (const part of [url, japanese, korean, chinese]) expect(flat).toContain(squash(part));
    expect(text).toContain('🎉');
    expect(text).toContain('✅');
    expect(text).not.toContain('?');
  });

  it('lists each attachment under its own name beside its neutral ZIP entry, in English', async () => {
    const pdf = await buildPdf(
      {
        ...base,
        ...words('en'),
        cc: 'kanzlei@example.net',
        attachments: [
          { name: 'Attachment-01.jpg', original: 'Röntgen.jpg', size: 2_400_000 },
          { name: 'Attachment-02.txt', original: 'notes.txt', size: 120 },
        ],
      },
      password,
    );
    const text = await pdfToText(pdf, password);
    for (const s of ['From:', 'To:', 'Cc:', 'Date:', 'Subject:', 'kanzlei@example.net']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('2 attachments (in the ZIP file under a neutral name):');
    expect(text).toContain('Röntgen.jpg (2.3 MB) → Attachment-01.jpg');
    expect(text).toContain('notes.txt (120 B) → Attachment-02.txt');
    expect(text).toContain('Tuesday, 5 March 2024');
    expect(await qpdfEncryption(pdf, password)).toMatch(/file encryption method: AESv3/);
  });

  it('says "1 Anhang" over one attachment, "2 Anhänge" over two', async () => {
    const one = { name: 'Anhang-01.pdf', original: 'Befund.pdf', size: 2048 };
    const two = { name: 'Anhang-02.txt', original: 'Notiz.txt', size: 10 };
    const single = await pdfToText(await buildPdf({ ...base, attachments: [one] }, password), password);
    expect(single).toContain('1 Anhang (in der ZIP-Datei unter neutralem Namen):');
    expect(single).toContain('Befund.pdf (2 KB) → Anhang-01.pdf');
    const pair = await pdfToText(await buildPdf({ ...base, attachments: [one, two] }, password), password);
    expect(pair).toContain('2 Anhänge (in der ZIP-Datei unter neutralem Namen):');
  });

  it('cuts an enormous body and says where the rest is', async () => {
    const body = 'x '.repeat(MAX_PDF_BODY_CHARS);
    const text = await pdfToText(await buildPdf({ ...base, body }, password), password);
    expect(text).toContain('gekürzt: der vollständige Text steht in der ZIP-Datei');
  });
});

describe('htmlToPlain', () => {
  it('keeps paragraphs, lists and link addresses, and drops script, style and images', () => {
    const text = htmlToPlain(
      '<style>p{color:red}</style><script>alert("x")</script><h1>Termin</h1><p>Bitte <a href="https://praxis.example/termin">hier buchen</a>.</p><ul><li>Blutbild</li><li>EKG</li></ul><img src="cid:x" alt="Logo">',
    );
    expect(text).toContain('Termin');
    expect(text).toContain('hier buchen [https://praxis.example/termin]');
    expect(text).toMatch(/• Blutbild\n • EKG/);
    expect(text).not.toContain('alert');
    expect(text).not.toContain('color');
    expect(text).not.toContain('Logo');
  });
});
