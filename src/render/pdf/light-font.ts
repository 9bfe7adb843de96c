/**
 * A TrueType font read straight from its bytes, for the fact sheet's common
 * case, without fontkit: loading fontkit and parsing a face with it was
 * ~50 ms of a cold one-item build, and the fast shaper (fast-shaping.ts),
 * the subsetter (subset.ts) and pdfkit need only a face's metrics, its
 * character map and its advance widths.
 *
 * What fontkit works out through its generic table decoders (the PostScript
 * name, the vertical metrics, the character map it picks) is taken from
 * fontkit itself at build time (`lightFontData`, written with the shaping
 * tables: scripts/shaping-tables.mjs) and checked there: the build compares
 * this reader's glyph for every code point the font maps, and for the code
 * points around them, with fontkit's. A font without such data (a theme's own
 * font, a CFF or variable font, a character map format this does not read)
 * is parsed by fontkit, as are words the fast shaper leaves to fontkit
 * (shaping.ts loads it then).
 */

import { encodeTrueTypeSubset, handlesTrueTypeSubset, type TrueTypeFont } from './subset.js';

/** What the build learns from fontkit about one face (JSON, in the shaping tables). */
export interface LightFontData {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  /** null where fontkit gives undefined (an OS/2 table older than version 2). */
  capHeight: number | null;
  xHeight: number | null;
  italicAngle: number;
  bbox: [number, number, number, number];
  /** OS/2 sFamilyClass (pdfkit's font flags), or null without an OS/2 table. */
  familyClass: number | null;
  isFixedPitch: number;
  macStyleItalic: boolean;
  numGlyphs: number;
  numberOfMetrics: number;
  /** The character map fontkit picks: its format and where it starts in the file. */
  cmap: { format: 4 | 12; offset: number };
}

/** The parts of a fontkit font that `lightFontData` reads. */
export interface FontkitFace {
  postscriptName: string | null;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  capHeight: number | undefined;
  xHeight: number | undefined;
  italicAngle: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  numGlyphs: number;
  'OS/2'?: { sFamilyClass: number };
  post: { isFixedPitch: number };
  head: { macStyle: { italic: boolean } };
  hhea: { numberOfMetrics: number };
  characterSet: number[];
  glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number };
  getGlyph(id: number): { advanceWidth: number };
  _cmapProcessor: { cmap: { version: number } | null; encoding: unknown };
}

/** A glyph as the fast shaper and pdfkit read it. */
export interface LightGlyph {
  readonly id: number;
  readonly advanceWidth: number;
}

// The character maps fontkit prefers, in order (its CmapProcessor).
const CMAP_PREFERENCE: readonly [number, number][] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

/** The table directory of a plain TrueType font: each table's offset and length. */
function tableDirectory(bytes: Uint8Array): Record<string, { offset: number; length: number }> | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565) return undefined;
  const count = view.getUint16(4);
  if (12 + count * 16 > bytes.length) return undefined;
  const tables: Record<string, { offset: number; length: number }> = {};
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > bytes.length) return undefined;
    tables[tag] = { offset, length };
  }
  return tables;
}

/** The offset in the file of the character map fontkit picks, if it is one of the Unicode maps it prefers. */
function preferredCmap(bytes: Uint8Array, cmap: { offset: number; length: number }): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (cmap.length < 4) return undefined;
  const count = view.getUint16(cmap.offset + 2);
  if (4 + count * 8 > cmap.length) return undefined;
  for (const [platform, encoding] of CMAP_PREFERENCE) {
    for (let i = 0; i < count; i++) {
      const at = cmap.offset + 4 + i * 8;
      if (view.getUint16(at) === platform && view.getUint16(at + 2) === encoding) return cmap.offset + view.getUint32(at + 4);
    }
  }
  return undefined;
}

/**
 * The data a LightFont needs of a face, read from fontkit's parse of it (at
 * build time), or a reason why this face keeps fontkit.
 */
export function lightFontData(bytes: Uint8Array, font: FontkitFace): LightFontData | string {
  const tables = tableDirectory(bytes);
  if (!tables) return 'not a single TrueType face';
  if (!handlesTrueTypeSubset(font as unknown as TrueTypeFont)) return 'tables the subsetter does not copy';
  if (!tables.cmap || !tables.hmtx || !tables.maxp) return 'no cmap, hmtx or maxp table';
  const processor = font._cmapProcessor;
  if (processor.encoding || !processor.cmap) return 'no Unicode character map';
  const format = processor.cmap.version;
  if (format !== 4 && format !== 12) return `character map format ${format}`;
  const offset = preferredCmap(bytes, tables.cmap);
  if (offset === undefined) return 'no preferred Unicode character map';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (offset + 4 > bytes.length || view.getUint16(offset) !== format) return 'the character map fontkit picks is not the preferred one';
  if (font.postscriptName === null || typeof font.postscriptName !== 'string') return 'no PostScript name';
  const numberOfMetrics = font.hhea.numberOfMetrics;
  if (tables.hmtx.length < numberOfMetrics * 4) return 'hmtx shorter than its metrics';
  const os2 = font['OS/2'];
  const { minX, minY, maxX, maxY } = font.bbox;
  const data: LightFontData = {
    postscriptName: font.postscriptName,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    lineGap: font.lineGap,
    capHeight: font.capHeight ?? null,
    xHeight: font.xHeight ?? null,
    italicAngle: font.italicAngle,
    bbox: [minX, minY, maxX, maxY],
    familyClass: os2 ? os2.sFamilyClass : null,
    isFixedPitch: font.post.isFixedPitch,
    macStyleItalic: font.head.macStyle.italic,
    numGlyphs: font.numGlyphs,
    numberOfMetrics,
    cmap: { format, offset },
  };
  const numbers = [data.unitsPerEm, data.ascent, data.descent, data.lineGap, data.italicAngle, data.isFixedPitch, data.numGlyphs, ...data.bbox, data.capHeight ?? 0, data.xHeight ?? 0, data.familyClass ?? 0];
  if (!numbers.every((v) => typeof v === 'number' && Number.isFinite(v)) || typeof data.macStyleItalic !== 'boolean') return 'a metric fontkit does not give';
  // Every code point the font maps, and its neighbours (where a reader's range
  // ends would be off by one), must give fontkit's glyph and advance.
  const light = new LightFont(bytes, data);
  const probe = new Set<number>();
  for (const cp of font.characterSet) for (const near of [cp - 1, cp, cp + 1]) if (near >= 0 && near <= 0x10ffff) probe.add(near);
  for (const cp of [0, 0xffff, 0x10000, 0x10ffff]) probe.add(cp);
  for (const cp of probe) {
    const mine = light.glyphForCodePoint(cp);
    const theirs = font.glyphForCodePoint(cp);
    if (mine.id !== theirs.id || mine.advanceWidth !== theirs.advanceWidth) return `U+${cp.toString(16)} maps to glyph ${mine.id} here, ${theirs.id} in fontkit`;
  }
  for (let id = 0; id < data.numGlyphs; id++) {
    if (light.getGlyph(id).advanceWidth !== font.getGlyph(id).advanceWidth) return `glyph ${id}'s advance differs from fontkit's`;
  }
  return data;
}

/** A subset of a LightFont's glyphs, as fontkit's `Subset` numbers them (glyph 0 first). */
class LightSubset {
  readonly glyphs: number[] = [];
  readonly mapping: Record<number, number> = {};
  /** pdfkit embeds a CFF subset differently: never one here. */
  readonly cff = undefined;

  constructor(readonly font: LightFont) {
    this.includeGlyph(0);
  }

  includeGlyph(glyph: number): number {
    if (this.mapping[glyph] == null) {
      this.glyphs.push(glyph);
      this.mapping[glyph] = this.glyphs.length - 1;
    }
    return this.mapping[glyph]!;
  }

  encode(): Uint8Array {
    const bytes = encodeTrueTypeSubset(this);
    // lightFontData checked that the subsetter handles the face.
    if (!bytes) throw new Error(`the subsetter cannot copy ${this.font.postscriptName}'s tables`);
    return bytes;
  }
}

/**
 * A face read from its bytes with the build's data (see the module comment):
 * what the fact sheet's fonts, shaper and subsetter and pdfkit's embedded
 * font read of a fontkit font, with the same values.
 */
export class LightFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  /** undefined as in fontkit for an OS/2 table older than version 2 (pdfkit then falls back). */
  readonly capHeight: number | undefined;
  readonly xHeight: number | undefined;
  readonly italicAngle: number;
  readonly numGlyphs: number;
  readonly bbox: Readonly<{ minX: number; minY: number; maxX: number; maxY: number }>;
  readonly 'OS/2': { sFamilyClass: number } | undefined;
  readonly post: { isFixedPitch: number; italicAngle: number };
  readonly head: { macStyle: { italic: boolean } };
  readonly hhea: { numberOfMetrics: number; ascent: number; descent: number; lineGap: number };
  /** As fontkit's: the table directory and the bytes (read by the subsetter). */
  readonly directory: { tables: Record<string, { offset: number; length: number }> };
  readonly stream: { buffer: Uint8Array };
  /** Never a variable font (lightFontData refuses them). */
  readonly _variationProcessor = undefined;
  /** pdfkit takes an object with `layout` for a parsed font; the fact sheet never lets it lay out (shaping.ts). */
  readonly layout: (text: string) => never;

  private readonly view: DataView;
  private readonly hmtxOffset: number;
  private readonly cmapOffset: number;
  private readonly cmapFormat: 4 | 12;
  private readonly glyphs = new Map<number, LightGlyph>();
  private locaTable: { version: number; offsets: Uint32Array } | undefined;

  constructor(bytes: Uint8Array, data: LightFontData) {
    const tables = tableDirectory(bytes);
    if (!tables?.hmtx || !tables.loca || !tables.head) throw new Error(`${data.postscriptName}: not the TrueType face the shaping tables describe`);
    this.postscriptName = data.postscriptName;
    this.unitsPerEm = data.unitsPerEm;
    this.ascent = data.ascent;
    this.descent = data.descent;
    this.lineGap = data.lineGap;
    this.capHeight = data.capHeight ?? undefined;
    this.xHeight = data.xHeight ?? undefined;
    this.italicAngle = data.italicAngle;
    this.numGlyphs = data.numGlyphs;
    const [minX, minY, maxX, maxY] = data.bbox;
    this.bbox = Object.freeze({ minX, minY, maxX, maxY });
    this['OS/2'] = data.familyClass === null ? undefined : { sFamilyClass: data.familyClass };
    this.post = { isFixedPitch: data.isFixedPitch, italicAngle: data.italicAngle };
    this.head = { macStyle: { italic: data.macStyleItalic } };
    this.hhea = { numberOfMetrics: data.numberOfMetrics, ascent: data.ascent, descent: data.descent, lineGap: data.lineGap };
    this.directory = { tables };
    this.stream = { buffer: bytes };
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.hmtxOffset = tables.hmtx.offset;
    this.cmapOffset = data.cmap.offset;
    this.cmapFormat = data.cmap.format;
    const name = data.postscriptName;
    this.layout = () => {
      throw new Error(`${name}: the fact sheet shapes its words itself (pdfkit asked the font to lay out text)`);
    };
  }

  /** As fontkit's loca table: the glyph offsets in bytes (read by the subsetter). */
  get loca(): { version: number; offsets: Uint32Array } {
    if (!this.locaTable) {
      const loca = this.directory.tables.loca!;
      const long = this.view.getInt16(this.directory.tables.head!.offset + 50) === 1;
      const count = long ? loca.length >>> 2 : loca.length >>> 1;
      const offsets = new Uint32Array(count);
      for (let i = 0; i < count; i++) offsets[i] = long ? this.view.getUint32(loca.offset + i * 4) : this.view.getUint16(loca.offset + i * 2) * 2;
      this.locaTable = { version: long ? 1 : 0, offsets };
    }
    return this.locaTable;
  }

  hasGlyphForCodePoint(codePoint: number): boolean {
    return this.lookup(codePoint) !== 0;
  }

  glyphForCodePoint(codePoint: number): LightGlyph {
    return this.getGlyph(this.lookup(codePoint));
  }

  getGlyph(id: number): LightGlyph {
    let glyph = this.glyphs.get(id);
    if (!glyph) this.glyphs.set(id, (glyph = { id, advanceWidth: this.advanceOf(id) }));
    return glyph;
  }

  createSubset(): LightSubset {
    return new LightSubset(this);
  }

  /** The advance of a glyph, as fontkit reads hmtx: past the long metrics, the last one's. */
  private advanceOf(id: number): number {
    const metrics = this.hhea.numberOfMetrics;
    if (id < metrics) return this.view.getUint16(this.hmtxOffset + id * 4);
    return metrics > 0 ? this.view.getUint16(this.hmtxOffset + (metrics - 1) * 4) : 0;
  }

  /** The glyph id of a code point (0 when unmapped), as fontkit's CmapProcessor.lookup reads formats 4 and 12. */
  private lookup(codePoint: number): number {
    const view = this.view;
    const at = this.cmapOffset;
    if (this.cmapFormat === 4) {
      const segCount = view.getUint16(at + 6) >> 1;
      const endCodes = at + 14;
      const startCodes = endCodes + segCount * 2 + 2;
      const idDeltas = startCodes + segCount * 2;
      const idRangeOffsets = idDeltas + segCount * 2;
      const glyphIndexArray = idRangeOffsets + segCount * 2;
      let min = 0;
      let max = segCount - 1;
      while (min <= max) {
        const mid = (min + max) >> 1;
        if (codePoint < view.getUint16(startCodes + mid * 2)) max = mid - 1;
        else if (codePoint > view.getUint16(endCodes + mid * 2)) min = mid + 1;
        else {
          const rangeOffset = view.getUint16(idRangeOffsets + mid * 2);
          const delta = view.getInt16(idDeltas + mid * 2);
          if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
          const index = rangeOffset / 2 + (codePoint - view.getUint16(startCodes + mid * 2)) - (segCount - mid);
          // fontkit's array runs to the end the subtable's (16-bit) length gives.
          const length = (view.getUint16(at + 2) - (glyphIndexArray - at)) / 2;
          let gid = index >= 0 && index < length ? view.getUint16(glyphIndexArray + index * 2) : 0;
          if (gid !== 0) gid += delta;
          return gid & 0xffff;
        }
      }
      return 0;
    }
    const groups = view.getUint32(at + 12);
    let min = 0;
    let max = groups - 1;
    while (min <= max) {
      const mid = (min + max) >> 1;
      const group = at + 16 + mid * 12;
      if (codePoint < view.getUint32(group)) max = mid - 1;
      else if (codePoint > view.getUint32(group + 4)) min = mid + 1;
      else return view.getUint32(group + 8) + (codePoint - view.getUint32(group));
    }
    return 0;
  }
}
