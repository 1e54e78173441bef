import { describe, expect, it } from 'vitest';
import { htmlDepth, htmlLimits, htmlToPlain } from './html';

// The PDF's text of an HTML body, and the limits that keep hostile HTML from holding a core for
// seconds (issue 14: 480 KB of nested <b> took 8.9 s, then a 500).

const nested = (n: number, tag = 'b') => `${`<${tag}>`.repeat(n)}deep inside${`</${tag}>`.repeat(n)}`;

describe('htmlToPlain', () => {
  it('renders paragraphs, lists and links as readable text', () => {
    const text = htmlToPlain(
      '<p>Guten Tag,</p><ul><li>eins</li><li>zwei</li></ul><p><a href="https://example.org/x">hier</a></p>',
    );
    expect(text).toContain('Guten Tag,');
    expect(text).toContain(' • eins');
    expect(text).toContain('hier [https://example.org/x]');
  });

  it('reads 480 KB of nested <b> in well under a second, keeping the text', () => {
    const bomb = nested(70_000);
    expect(bomb.length).toBeGreaterThan(480_000);
    const started = performance.now();
    const text = htmlToPlain(bomb);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(text).toBe('deep inside');
  });

  it('reads over-deep HTML as text: blocks on lines of their own, entities decoded, no script', () => {
    const html = `<style>p{color:red}</style>${nested(htmlLimits.maxDepth + 10, 'div')}<p>Gr&uuml;&szlig;e &amp; mehr</p><script>alert(1)</script>`;
    const text = htmlToPlain(html);
    expect(text).toBe('deep inside\n\nGrüße & mehr');
  });

  it('renders nesting as deep as real newsletters with html-to-text as usual', () => {
    const html = `${'<table><tr><td>'.repeat(60)}<h2>Titel</h2>${'</td></tr></table>'.repeat(60)}`;
    expect(htmlDepth(html)).toBe(61); // 60 tables and the heading
    expect(htmlToPlain(html)).toContain('Titel');
  });

  it('does not count unclosed paragraphs, list items and cells as nesting', () => {
    expect(htmlDepth(`<ul>${'<li>x'.repeat(10_000)}</ul>${'<p>y'.repeat(10_000)}`)).toBe(1);
    expect(htmlDepth('<br><img src=x><hr>'.repeat(1000))).toBe(0);
  });

  it('cuts HTML past the size limit instead of rendering all of it', () => {
    const html = `<p>${'a'.repeat(htmlLimits.maxInputLength + 1000)}</p>`;
    expect(htmlToPlain(html).length).toBeLessThanOrEqual(htmlLimits.maxInputLength + 10);
  });
});
