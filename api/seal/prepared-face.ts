import { deflateSync } from 'node:zlib';
import type { Font } from '@cantoo/fontkit';
import {
  CustomFontEmbedder,
  type PDFContext,
  type PDFDocument,
  PDFFont,
  PDFHexString,
} from '@cantoo/pdf-lib';

// The characters most mail is written in, drawn from a subset of a face prepared once per process:
// the subsetted TrueType deflated, its widths, its ToUnicode map, each character's glyph id. A
// document then only writes these out. Subsetting the face anew for each document (fontkit's
// TrueType encoder and pdf-lib's deflate, pure JavaScript) and laying out every line with
// fontkit's OpenType engine was about 8 ms of a short message's ~20 ms of PDF. The price is size:
// the whole set is embedded, ~13 KB for each Latin face, where a short message's own glyphs took
// ~4 KB. fonts.ts says which characters each face prepares; the rest is subset per document.

/** Code point ranges, first and last included. */
export type Ranges = readonly (readonly [number, number])[];

/** What a document needs of a prepared face; the same for every document. */
export interface PreparedFace {
  font: Font;
  fontData: Uint8Array;
  /** Code point → its glyph id in the subset, as the 4 hex digits a text string carries. */
  hex: Map<number, string>;
  /** Code point → advance width per em. */
  advance: Map<number, number>;
  /** The subsetted TrueType, deflated. */
  fontFile: Uint8Array;
  fontFileLength: number;
  /** The ToUnicode CMap, deflated. */
  toUnicode: Uint8Array;
  /** The CIDFont's /W array: first glyph id, then the widths of the glyphs from it on. */
  widths: (number | number[])[];
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** ToUnicode CMap (Adobe Technical Note #5411), bfchar blocks of at most 100 entries as it asks. */
function toUnicodeCmap(entries: [number, number][]): string {
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    const lines = chunk.map(([gid, cp]) => `<${hex4(gid)}> <${hex4(cp)}>`);
    blocks.push(`${chunk.length} beginbfchar\n${lines.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** Subsets `font` to the characters of `ranges` it has. Costs ~100 ms; done once per face and process. */
export function prepareFace(font: Font, fontData: Uint8Array, ranges: Ranges): PreparedFace {
  const subset = font.createSubset();
  const hex = new Map<number, string>();
  const advance = new Map<number, number>();
  const byGid = new Map<number, { cp: number; width: number }>();
  for (const [first, last] of ranges) {
    for (let cp = first; cp <= last; cp++) {
      const glyph = font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp) : null;
      if (!glyph) continue;
      const gid = subset.includeGlyph(glyph);
      hex.set(cp, hex4(gid));
      advance.set(cp, glyph.advanceWidth / font.unitsPerEm);
      // A glyph drawn for two code points (space and no-break space) is read back as the first.
      if (!byGid.has(gid)) byGid.set(gid, { cp, width: (glyph.advanceWidth * 1000) / font.unitsPerEm });
    }
  }
  const ttf = subset.encode();
  const gids = [...byGid.keys()].sort((a, b) => a - b);
  const widths: (number | number[])[] = [];
  let run: number[] = [];
  gids.forEach((gid, i) => {
    if (i === 0 || gid !== (gids[i - 1] ?? 0) + 1) {
      run = [];
      widths.push(gid, run);
    }
    run.push(byGid.get(gid)?.width ?? 0);
  });
  const cmap = toUnicodeCmap(gids.map((gid) => [gid, byGid.get(gid)?.cp ?? 0xfffd]));
  return {
    font,
    fontData,
    hex,
    advance,
    fontFile: deflateSync(ttf, { level: 9 }),
    fontFileLength: ttf.length,
    toUnicode: deflateSync(Buffer.from(cmap, 'latin1'), { level: 9 }),
    widths,
  };
}

/**
 * pdf-lib's own Type0/CIDFontType2 embedding (font dictionary, descriptor from the face's metrics)
 * with the prepared parts put in where it would subset, deflate and lay out. Only characters of
 * the set may be drawn with it: fonts.ts picks this face for those alone.
 */
class PreparedEmbedder extends CustomFontEmbedder {
  readonly #face: PreparedFace;

  constructor(face: PreparedFace) {
    super(face.font, face.fontData);
    this.#face = face;
  }

  override encodeText(text: string): PDFHexString {
    let out = '';
    for (const ch of text) out += this.#face.hex.get(ch.codePointAt(0) ?? 0) ?? '0000';
    return PDFHexString.of(out);
  }

  override glyphCountOfText(text: string): number {
    return [...text].length;
  }

  override widthOfTextAtSize(text: string, size: number): number {
    let perEm = 0;
    for (const ch of text) perEm += this.#face.advance.get(ch.codePointAt(0) ?? 0) ?? 0;
    return perEm * size;
  }

  protected override async embedFontStream(context: PDFContext) {
    const stream = context.stream(this.#face.fontFile, {
      Filter: 'FlateDecode',
      Length1: this.#face.fontFileLength,
    });
    return context.register(stream);
  }

  protected override embedUnicodeCmap(context: PDFContext) {
    return context.register(context.stream(this.#face.toUnicode, { Filter: 'FlateDecode' }));
  }

  protected override computeWidths(): (number | number[])[] {
    return this.#face.widths;
  }
}

/** The prepared face in `doc`, its objects written at once (they do not depend on the text). */
export async function embedPrepared(doc: PDFDocument, face: PreparedFace): Promise<PDFFont> {
  const embedder = new PreparedEmbedder(face);
  const ref = await embedder.embedIntoContext(doc.context, doc.context.nextRef());
  return PDFFont.of(ref, doc, embedder);
}
