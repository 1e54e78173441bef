import LinkifyIt from 'linkify-it';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { sealTexts } from '../i18n/seal-texts';
import { composeCover } from './cover';

// Names are text (issue 13): a sender who calls themselves `Sparkasse https://evil.example/login`
// must not get a clickable link into the cover mail, neither as an <a> of ours nor through the
// recipient's mail client turning the text into one (linkify-it stands in for those autolinkers).

const linkify = new LinkifyIt();

async function cover(name: string, language: 'de' | 'en') {
  const { message } = await composeCover({
    texts: sealTexts(language),
    attachments: 1,
    mailFrom: 'vertraulich <noreply@vertraulich.test>',
    sender: { name, address: 'anna@example.org' },
    to: ['bob@example.org'],
    cc: [],
    subject: 'Befund',
    subjectInClear: false,
    publicUrl: 'https://vertraulich.test',
    messageId: 'msg_1',
    date: new Date('2026-03-02T09:00:00Z'),
    zip: new Uint8Array([1, 2, 3]),
    pdf: new Uint8Array([4, 5, 6]),
  });
  const parsed = await simpleParser(message);
  return { html: String(parsed.html), text: parsed.text ?? '' };
}

/** The text a mail client shows for the HTML: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&zwnj;/g, '\u200C')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
}

describe.each(['de', 'en'] as const)('a URL in the sender name (%s)', (language) => {
  const name = 'Sparkasse https://evil.example/login';

  it('never becomes a link or an autolinkable address in the cover HTML', async () => {
    const { html } = await cover(name, language);
    const anchors = html.match(/<a\b[^>]*>/g) ?? [];
    // The only link is ours, to the /open page.
    expect(anchors).toEqual(['<a href="https://vertraulich.test/open#m=msg_1">']);
    expect(html).not.toContain('evil.example');
    const shown = visibleText(html);
    const found = (linkify.match(shown) ?? []).map((m) => m.url);
    // linkify-it finds our own addresses (the /open page, 7-zip.org), so it does look; never the name's.
    expect(found).toContain('https://vertraulich.test/open#m=msg_1');
    expect(found.filter((url) => url.includes('evil'))).toEqual([]);
    // Still the name as typed, for the reader: only invisible joiners were added.
    expect(shown.replace(/\u200C/g, '')).toContain(name);
  });

  it('is no autolinkable address in the text part either', async () => {
    const { text } = await cover(name, language);
    expect(text).not.toContain('evil.example');
    const found = (linkify.match(text) ?? []).map((m) => m.url);
    expect(found.some((url) => url.includes('evil'))).toBe(false);
    expect(text.replace(/\u200C/g, '')).toContain(name);
  });

  it('leaves an ordinary name exactly as it is', async () => {
    const { html, text } = await cover('Dr. Anna Müller & Co.', language);
    expect(text).toContain('Dr. Anna Müller & Co.');
    expect(html).toContain('Dr. Anna Müller &#38; Co.');
  });
});
