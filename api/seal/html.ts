import { convert } from 'html-to-text';
import { Tokenizer } from 'htmlparser2';

// HTML to readable text for the PDF. html-to-text (through htmlparser2's Parser) takes quadratic time
// in the nesting depth: 480 KB of nested <b> held the event loop for 9 s. So the depth is measured
// first with htmlparser2's Tokenizer, which keeps no stack and is linear; HTML nested deeper than any
// real mail is read as plain text by that same tokenizer instead. The .eml in the ZIP keeps the HTML
// as it was either way: only the PDF's rendering is simplified. Input past `maxInputLength` is cut
// (html-to-text adds an ellipsis).

export const htmlLimits = {
  /** Deeper than nested tables in any real newsletter (they reach 30–60). */
  maxDepth: 256,
  /** Characters of HTML rendered into the PDF. */
  maxInputLength: 4 * 1024 * 1024,
} as const;

// Elements that hold nothing, or that the next sibling closes implicitly (HTML §13.1.2.4): they do
// not deepen the tree however many follow each other unclosed.
const flat = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'td',
  'th',
  'tr',
  'option',
  'optgroup',
  'rp',
  'rt',
]);
const blocks = new Set([
  'p',
  'div',
  'br',
  'tr',
  'li',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
]);
const hidden = new Set(['script', 'style', 'head', 'title']);

interface Scan {
  depth: number;
  text: string;
}

type TokenizerCallbacks = ConstructorParameters<typeof Tokenizer>[1];

/**
 * One linear pass: the deepest nesting (stopping early past `limit`) and, when asked, the text
 * (entities decoded, a line break per block, nothing of script or style).
 */
function scan(html: string, limit: number, withText: boolean): Scan {
  let depth = 0;
  let max = 0;
  let tag = '';
  let skip = 0;
  const out: string[] = [];
  const name = (start: number, end: number) => html.slice(start, end).toLowerCase();
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tag = name(start, end);
    },
    onopentagend() {
      if (!flat.has(tag)) {
        depth += 1;
        if (depth > max) max = depth;
      }
      if (hidden.has(tag)) skip += 1;
      if (withText && blocks.has(tag)) out.push('\n');
    },
    onselfclosingtag() {
      if (withText && blocks.has(tag)) out.push('\n');
    },
    onclosetag(start, end) {
      const closed = name(start, end);
      if (!flat.has(closed) && depth > 0) depth -= 1;
      if (hidden.has(closed) && skip > 0) skip -= 1;
      if (withText && blocks.has(closed)) out.push('\n');
    },
    ontext(start, end) {
      if (withText && skip === 0) out.push(html.slice(start, end));
    },
    ontextentity(codepoint) {
      if (withText && skip === 0) out.push(String.fromCodePoint(codepoint));
    },
    onattribdata() {},
    onattribentity() {},
    onattribend() {},
    onattribname() {},
    oncdata() {},
    oncomment() {},
    ondeclaration() {},
    onend() {},
    onprocessinginstruction() {},
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  // In slices, so a bomb is noticed without reading all of it.
  const step = 64 * 1024;
  for (let i = 0; i < html.length && (withText || max <= limit); i += step) {
    tokenizer.write(html.slice(i, i + step));
  }
  tokenizer.end();
  const text = out
    .join('')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { depth: max, text };
}

/** The deepest element nesting of the HTML, counted up to a little past `limit`. */
export function htmlDepth(html: string, limit: number = htmlLimits.maxDepth): number {
  return scan(html, limit, false).depth;
}

/** HTML to readable text: paragraphs, lists, links with their address; no script, style or images. */
export function htmlToPlain(html: string): string {
  const input = html.length > htmlLimits.maxInputLength ? html.slice(0, htmlLimits.maxInputLength) : html;
  if (htmlDepth(input) > htmlLimits.maxDepth) return scan(input, htmlLimits.maxDepth, true).text;
  return convert(input, {
    wordwrap: false,
    limits: { maxDepth: htmlLimits.maxDepth, maxInputLength: htmlLimits.maxInputLength },
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
      { selector: 'ul', options: { itemPrefix: ' • ' } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
}
