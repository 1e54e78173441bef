import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit, { type Font, type FontCollection } from '@cantoo/fontkit';
import type { PDFDocument, PDFFont } from '@cantoo/pdf-lib';
import { embedPrepared, type PreparedFace, prepareFace, type Ranges } from './prepared-face';

// Fonts for the sealed PDF. Noto Sans covers Latin, Greek and Cyrillic; Noto Sans JP, KR and SC add
// kana, Hangul and the CJK ideographs; Noto Emoji (monochrome: PDF text cannot be in colour) adds emoji.
// Each character is drawn with the first font that has a glyph for it. All ship as TTFs inside npm
// packages (nothing is fetched at run time). The Latin faces' common characters (and the arrows)
// come from subsets prepared once per process (prepared-face.ts); everything else is subset into
// each PDF, so only the glyphs a message uses are embedded. Japanese comes first among the CJK
// fonts (kana and the common ideographs), then Hangul, then the simplified hanzi Japanese lacks.
// CJK has no bold here: labels are Latin, and each CJK face is megabytes to parse.

const require = createRequire(import.meta.url);

export type FontRole = 'regular' | 'bold';

interface FontFile {
  id: string;
  module: string;
}

const FILES = {
  sans: { id: 'sans', module: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf' },
  sansBold: { id: 'sansBold', module: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf' },
  jp: { id: 'jp', module: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf' },
  kr: { id: 'kr', module: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf' },
  sc: { id: 'sc', module: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf' },
  emoji: { id: 'emoji', module: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf' },
} satisfies Record<string, FontFile>;

interface LoadedFile {
  bytes: Uint8Array;
  font: Font;
}

// Parsed once per process: the CJK font is several megabytes and the service seals all day.
const loaded = new Map<string, LoadedFile>();

function load(file: FontFile): LoadedFile {
  const cached = loaded.get(file.id);
  if (cached) return cached;
  const bytes = new Uint8Array(readFileSync(require.resolve(file.module)));
  const font = fontkit.create(bytes);
  if (!('hasGlyphForCodePoint' in font)) throw new Error(`font ${file.module} is a collection`);
  const entry = { bytes, font };
  loaded.set(file.id, entry);
  return entry;
}

// pdf-lib parses the font bytes it is given anew for every document (fontkit.create in its subset
// embedder): for Noto Sans that was most of a short message's PDF time, for a CJK face hundreds of
// milliseconds. Handed this fontkit instead, it gets the font parsed once per process, with the
// tables fontkit has already decoded. The Font is only read from: each document subsets it anew.
const cachedFontkit = {
  ...fontkit,
  create(bytes: Uint8Array, postscriptName?: string): Font | FontCollection | null {
    for (const entry of loaded.values()) if (entry.bytes === bytes) return entry.font;
    return postscriptName === undefined ? fontkit.create(bytes) : fontkit.create(bytes, postscriptName);
  },
};

/** A stretch of text drawn in one font. */
export interface Run {
  text: string;
  font: PDFFont;
  width: number;
}

// pdf-lib lays out every line with fontkit's OpenType engine; kerning, ligatures and mark placement
// cost ~4 µs a character there and change nothing a reader of a mail needs (text is NFC-normalised,
// so accents are precomposed). Switched off, long bodies render several times faster.
const PLAIN_LAYOUT = { kern: false, liga: false, clig: false, calt: false, mark: false, mkmk: false };

// Joiners and variation selectors only steer glyph choice; no fallback font draws them on their own.
const INVISIBLE = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfe0e, 0xfe0f]);

/** Where a character's glyph comes from: a face prepared once (prepared-face.ts) or a font subset per document. */
interface Face {
  id: string;
  has(cp: number): boolean;
  /** Advance width of `cp` per em. */
  perEm(cp: number): number;
  embed(doc: PDFDocument): Promise<PDFFont>;
}

function fileFace(file: FontFile): Face {
  return {
    id: file.id,
    has: (cp) => load(file).font.hasGlyphForCodePoint(cp),
    perEm: (cp) => {
      const { font } = load(file);
      return (font.glyphForCodePoint(cp)?.advanceWidth ?? 0) / font.unitsPerEm;
    },
    embed: (doc) => doc.embedFont(load(file).bytes, { subset: true, features: PLAIN_LAYOUT }),
  };
}

function preparedFace(file: FontFile, ranges: Ranges): Face {
  let prepared: PreparedFace | undefined;
  const face = () => {
    if (!prepared) prepared = prepareFace(load(file).font, load(file).bytes, ranges);
    return prepared;
  };
  return {
    id: `${file.id}:prepared`,
    has: (cp) => face().hex.has(cp),
    perEm: (cp) => face().advance.get(cp) ?? 0,
    embed: (doc) => embedPrepared(doc, face()),
  };
}

/** ASCII, Latin-1, and the punctuation and currency signs German and English text uses. */
const LATIN: Ranges = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x2010, 0x2027], // dashes, quotation marks, bullet, ellipsis
  [0x2030, 0x203a], // per mille, primes, single guillemets
  [0x20ac, 0x20ac], // euro
  [0x2122, 0x2122], // trade mark
  [0x2212, 0x2212], // minus
];
/** Arrows, which Noto Sans lacks: the PDF's attachment list has one in every line. */
const ARROWS: Ranges = [[0x2190, 0x2193]];

const CJK_AND_EMOJI = [
  preparedFace(FILES.jp, ARROWS),
  ...[FILES.jp, FILES.kr, FILES.sc, FILES.emoji].map(fileFace),
];
const FACES: Record<FontRole, Face[]> = {
  regular: [preparedFace(FILES.sans, LATIN), fileFace(FILES.sans), ...CJK_AND_EMOJI],
  bold: [preparedFace(FILES.sansBold, LATIN), fileFace(FILES.sansBold), ...CJK_AND_EMOJI],
};

// Which face draws a character, and how wide it is, is the same in every document: kept per process.
const picked = new Map<string, Face | null>();
const widths = new Map<string, number>();

/** The face that draws code point `cp` in `role`, or null when none has it. */
function faceFor(role: FontRole, cp: number): Face | null {
  const key = `${role}:${cp}`;
  const hit = picked.get(key);
  if (hit !== undefined) return hit;
  const face = FACES[role].find((f) => f.has(cp)) ?? null;
  picked.set(key, face);
  return face;
}

/** Advance width of one character per em ('?' for one no face has; 0 for joiners). */
function perEm(role: FontRole, ch: string): number {
  const key = `${role}:${ch}`;
  let width = widths.get(key);
  if (width === undefined) {
    const cp = ch.codePointAt(0) ?? 0;
    const face = INVISIBLE.has(cp) ? null : faceFor(role, cp);
    const question = face || INVISIBLE.has(cp) ? null : faceFor(role, 0x3f);
    width = face ? face.perEm(cp) : question ? question.perEm(0x3f) : 0;
    widths.set(key, width);
  }
  return width;
}

/** Per document: embeds fonts on first use and splits text into runs of one font each. */
export class FontSet {
  readonly #doc: PDFDocument;
  readonly #embedded = new Map<string, Promise<PDFFont>>();

  constructor(doc: PDFDocument) {
    this.#doc = doc;
    doc.registerFontkit(cachedFontkit);
  }

  #embed(face: Face): Promise<PDFFont> {
    let font = this.#embedded.get(face.id);
    if (!font) {
      font = face.embed(this.#doc);
      this.#embedded.set(face.id, font);
    }
    return font;
  }

  /** Advance width of one character at `size` points (kerning ignored: close enough to break lines). */
  charWidth(role: FontRole, ch: string, size: number): number {
    return perEm(role, ch) * size;
  }

  /** Splits `text` into runs by font; characters that no font has become '?'. */
  async runs(role: FontRole, text: string, size: number): Promise<Run[]> {
    const out: Run[] = [];
    let current: { face: Face; text: string; width: number } | undefined;
    const flush = async () => {
      if (current && current.text !== '') {
        out.push({ text: current.text, font: await this.#embed(current.face), width: current.width });
      }
    };
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (INVISIBLE.has(cp)) continue;
      let drawn = ch;
      let face = faceFor(role, cp);
      if (!face) {
        drawn = '?';
        face = faceFor(role, 0x3f);
        if (!face) continue;
      }
      const width = this.charWidth(role, ch, size);
      if (current && current.face === face) {
        current.text += drawn;
        current.width += width;
      } else {
        await flush();
        current = { face, text: drawn, width };
      }
    }
    await flush();
    return out;
  }
}
