import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit, { type Font, type FontCollection } from '@cantoo/fontkit';
import type { PDFDocument, PDFFont } from '@cantoo/pdf-lib';

// Fonts for the sealed PDF. Noto Sans covers Latin, Greek and Cyrillic; Noto Sans JP, KR and SC add
// kana, Hangul and the CJK ideographs; Noto Emoji (monochrome: PDF text cannot be in colour) adds emoji.
// Each character is drawn with the first font that has a glyph for it. All ship as TTFs inside npm
// packages (nothing is fetched at run time), and each is subset into the PDF, so only the glyphs a
// message uses are embedded.

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

// Japanese first among the CJK fonts (kana and the common ideographs), then Hangul, then the
// simplified hanzi Japanese lacks. CJK has no bold here: labels are Latin, and each CJK face is
// megabytes to parse.
const CHAINS: Record<FontRole, FontFile[]> = {
  regular: [FILES.sans, FILES.jp, FILES.kr, FILES.sc, FILES.emoji],
  bold: [FILES.sansBold, FILES.jp, FILES.kr, FILES.sc, FILES.emoji],
};

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

/** Per document: embeds fonts on first use and splits text into runs of one font each. */
export class FontSet {
  readonly #doc: PDFDocument;
  readonly #embedded = new Map<string, Promise<PDFFont>>();
  readonly #pick = new Map<string, FontFile | null>();
  readonly #widths = new Map<string, number>();

  constructor(doc: PDFDocument) {
    this.#doc = doc;
    doc.registerFontkit(cachedFontkit);
  }

  /** The font that draws code point `cp` in `role`, or null when none has it. */
  #fileFor(role: FontRole, cp: number): FontFile | null {
    const key = `${role}:${cp}`;
    const hit = this.#pick.get(key);
    if (hit !== undefined) return hit;
    const file = CHAINS[role].find((f) => load(f).font.hasGlyphForCodePoint(cp)) ?? null;
    this.#pick.set(key, file);
    return file;
  }

  #embed(file: FontFile): Promise<PDFFont> {
    let font = this.#embedded.get(file.id);
    if (!font) {
      font = this.#doc.embedFont(load(file).bytes, { subset: true, features: PLAIN_LAYOUT });
      this.#embedded.set(file.id, font);
    }
    return font;
  }

  /** Advance width of one character at `size` points (kerning ignored: close enough to break lines). */
  charWidth(role: FontRole, ch: string, size: number): number {
    const key = `${role}:${ch}`;
    let perPoint = this.#widths.get(key);
    if (perPoint === undefined) {
      const cp = ch.codePointAt(0) ?? 0;
      const file = INVISIBLE.has(cp) ? null : (this.#fileFor(role, cp) ?? this.#fileFor(role, 0x3f));
      const font = file ? load(file).font : undefined;
      const glyph = font?.glyphForCodePoint(file === this.#fileFor(role, cp) ? cp : 0x3f);
      perPoint = font && glyph ? glyph.advanceWidth / font.unitsPerEm : 0;
      this.#widths.set(key, perPoint);
    }
    return perPoint * size;
  }

  /** Splits `text` into runs by font; characters that no font has become U+FFFD or '?'. */
  async runs(role: FontRole, text: string, size: number): Promise<Run[]> {
    const out: Run[] = [];
    let current: { file: FontFile; text: string; width: number } | undefined;
    const flush = async () => {
      if (current && current.text !== '') {
        out.push({ text: current.text, font: await this.#embed(current.file), width: current.width });
      }
    };
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (INVISIBLE.has(cp)) continue;
      let drawn = ch;
      let file = this.#fileFor(role, cp);
      if (!file) {
        drawn = '?';
        file = this.#fileFor(role, 0x3f);
        if (!file) continue;
      }
      const width = this.charWidth(role, ch, size);
      if (current && current.file === file) {
        current.text += drawn;
        current.width += width;
      } else {
        await flush();
        current = { file, text: drawn, width };
      }
    }
    await flush();
    return out;
  }
}
