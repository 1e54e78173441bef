import { describe, expect, it } from 'vitest';
import { sealTexts } from '../i18n/seal-texts';
import { coverHtml, coverParagraphs, coverText } from './cover-text';
import type { Language } from './types';

// The cover mail leads with the /open page (issue 19): it works on every device without software,
// where gateways strip encrypted attachments and stock archive tools cannot open AES ZIPs.

const COVER = { de: sealTexts('de').cover, en: sealTexts('en').cover };

const words = (lang: Language, openUrl?: string, attachments = 2) => ({
  sender: 'Dr. Anna Berg',
  zipName: COVER[lang].zipName,
  pdfName: COVER[lang].pdfName,
  publicUrl: openUrl && 'https://v.example',
  openUrl,
  attachments,
});

describe.each(['de', 'en'] as const)('the cover text in %s', (lang) => {
  const paragraphs = coverParagraphs(COVER[lang], words(lang, 'https://v.example/open#m=msg_1'));
  const text = coverText(paragraphs);
  const html = coverHtml(paragraphs, lang);

  it('names the /open link before the PDF and before any ZIP tool, in text and HTML', () => {
    for (const body of [text, html]) {
      const open = body.indexOf('https://v.example/open#m=msg_1');
      expect(open).toBeGreaterThan(0);
      for (const later of [`${COVER[lang].pdfName}:`, '7-Zip', 'Keka']) {
        expect(body.indexOf(later), later).toBeGreaterThan(open);
      }
    }
  });

  it('puts the link on one line of its own paragraph, phone-friendly', () => {
    const line = text.split('\n').find((l) => l.includes('https://v.example/open'));
    expect(line?.startsWith('  •')).toBe(false);
    expect(html).toContain('<a href="https://v.example/open#m=msg_1">');
  });

  it('says what to do when the attachments were removed on the way', () => {
    expect(text).toContain(lang === 'de' ? 'Keine Anhänge zu sehen?' : 'No attachments to be seen?');
    expect(text).toContain(lang === 'de' ? 'noch einmal zu senden' : 'send the message again');
  });

  it('without a public address names no link and starts with the attachments', () => {
    const plain = coverText(coverParagraphs(COVER[lang], words(lang)));
    expect(plain).not.toContain('http');
    expect(plain).toContain(lang === 'de' ? 'So öffnen Sie die Anhänge:' : 'How to open the attachments:');
  });

  it('speaks of one attachment, of several, and of none, as the message has them', () => {
    const zipLine = (n: number) =>
      coverText(coverParagraphs(COVER[lang], words(lang, undefined, n)))
        .split('\n')
        .find((l) => l.includes(COVER[lang].zipName)) ?? '';
    const [none, one, two] = [0, 1, 2].map(zipLine);
    if (lang === 'de') {
      expect(none).toContain('die Nachricht im Original');
      expect(none).not.toContain('Anhang-01');
      expect(one).toContain('mit ihrem Anhang im Original');
      expect(one).toContain('Der Anhang heißt darin neutral Anhang-01;');
      expect(two).toContain('Die Anhänge heißen darin neutral Anhang-01, Anhang-02 usw.');
    } else {
      expect(none).toContain('the message as it was sent');
      expect(none).not.toContain('Attachment-01');
      expect(one).toContain('the attachment has a neutral name, Attachment-01;');
      expect(two).toContain('the attachments have neutral names, Attachment-01, Attachment-02');
    }
  });
});
