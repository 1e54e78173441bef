import type { FontRole, FontSet } from './fonts';

// Line breaking for the sealed PDF: greedy, at spaces for alphabetic scripts and between any two
// characters for CJK (which is written without spaces), and inside over-long words such as URLs,
// so no line ever runs off a phone screen's page.

/** Scripts written without spaces between words: CJK, kana, Hangul, fullwidth forms; and emoji. */
function breaksAnywhere(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x1f000 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

function tokens(paragraph: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const ch of paragraph) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === ' ' || breaksAnywhere(cp)) {
      if (word) out.push(word);
      out.push(ch);
      word = '';
    } else {
      word += ch;
    }
  }
  if (word) out.push(word);
  return out;
}

export interface Measure {
  fonts: FontSet;
  role: FontRole;
  size: number;
}

function width(m: Measure, text: string): number {
  let w = 0;
  for (const ch of text) w += m.fonts.charWidth(m.role, ch, m.size);
  return w;
}

/** Splits one paragraph (no newlines) into lines no wider than `maxWidth`. */
export function wrapParagraph(m: Measure, paragraph: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
    lineWidth = 0;
  };
  for (const token of tokens(paragraph)) {
    if (token === ' ' && line === '') continue;
    const w = width(m, token);
    if (lineWidth + w <= maxWidth) {
      line += token;
      lineWidth += w;
      continue;
    }
    if (token === ' ') {
      push();
      continue;
    }
    if (line.trim() !== '') push();
    else line = '';
    if (w <= maxWidth) {
      line = token;
      lineWidth = w;
      continue;
    }
    // A word longer than the line: break it wherever it has to be broken.
    for (const ch of token) {
      const cw = m.fonts.charWidth(m.role, ch, m.size);
      if (lineWidth + cw > maxWidth && line !== '') push();
      line += ch;
      lineWidth += cw;
    }
  }
  if (line.trim() !== '' || lines.length === 0) push();
  return lines;
}

/** Splits text with newlines into wrapped lines; empty paragraphs stay as empty lines. */
export function wrapText(m: Measure, text: string, maxWidth: number): string[] {
  return text.split('\n').flatMap((p) => wrapParagraph(m, p, maxWidth));
}

/** NFC, tabs to spaces, CR LF to LF, other control characters out: what a PDF text line can hold. */
export function cleanText(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '    ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
  );
}
