/**
 * TrueType subsetting for the embedded fonts, written straight into one
 * buffer. fontkit's `TTFSubset.encode` builds the same font through its
 * generic table encoder, which costs more than a millisecond a document; this
 * writes the very same bytes (a test compares the two on random glyph sets of
 * every bundled font) from the font's raw tables. Fonts it does not handle
 * (CFF outlines, variable fonts, unusual table layouts) keep fontkit's encoder.
 */

/** The part of a fontkit TrueType font that the subsetter reads. */
export interface TrueTypeFont {
  readonly directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  readonly stream: { buffer: Uint8Array };
  readonly _variationProcessor?: unknown;
  readonly loca?: { version: number; offsets: ArrayLike<number> };
  readonly hhea: { numberOfMetrics: number };
}

/** The part of fontkit's subset object that the subsetter reads and extends. */
interface FontkitSubset {
  readonly font: TrueTypeFont;
  readonly glyphs: number[];
  readonly mapping: Record<number, number>;
  includeGlyph(glyph: number): number;
  encode(): Uint8Array;
  cff?: unknown;
}

// The tables fontkit's TrueType subset writes, in its order.
const TABLES = ['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm'] as const;

// Composite glyph component flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

interface RawTables {
  bytes: Uint8Array;
  view: DataView;
  table: Record<string, { offset: number; length: number } | undefined>;
  numberOfMetrics: number;
  locaLong: boolean;
  loca: ArrayLike<number>;
}

const rawTablesOf = new WeakMap<object, RawTables | null>();

/** The font's raw tables, or null when this subsetter does not handle the font. */
function rawTables(font: TrueTypeFont): RawTables | null {
  let raw = rawTablesOf.get(font);
  if (raw !== undefined) return raw;
  raw = null;
  const table = font.directory?.tables;
  const bytes = font.stream?.buffer;
  if (table && bytes instanceof Uint8Array && !table.CFF && !table.CFF2 && !table.fvar && !font._variationProcessor && table.glyf && table.loca && table.head && table.hhea && table.maxp && table.hmtx) {
    const head = table.head;
    const hhea = table.hhea;
    const maxp = table.maxp;
    // fontkit re-encodes head, hhea and maxp from their fields: copying the
    // raw bytes gives the same only for the table versions with fixed layouts.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const maxpVersion = maxp.length >= 4 ? view.getUint32(maxp.offset) : 0;
    const evenTables = ['cvt '].every((tag) => (table[tag]?.length ?? 0) % 2 === 0);
    if (head.length === 54 && hhea.length === 36 && maxpVersion === 0x00010000 && maxp.length === 32 && evenTables && font.loca) {
      raw = {
        bytes,
        view,
        table,
        numberOfMetrics: font.hhea.numberOfMetrics,
        locaLong: font.loca.version === 1,
        loca: font.loca.offsets,
      };
    }
  }
  rawTablesOf.set(font, raw);
  return raw;
}

/** Whether `encodeTrueTypeSubset` copies this font's tables (fontkit's encoder is used otherwise). */
export function handlesTrueTypeSubset(font: TrueTypeFont): boolean {
  return rawTables(font) !== null;
}

/** Writes big-endian integers into a growing list of bytes. */
class Writer {
  bytes: Uint8Array;
  view: DataView;
  length = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }
  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
  }
  i16(value: number): void {
    this.reserve(2);
    this.view.setInt16(this.length, value);
    this.length += 2;
  }
  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
  }
  copy(source: Uint8Array, from: number, to: number): void {
    this.reserve(to - from);
    this.bytes.set(source.subarray(from, to), this.length);
    this.length += to - from;
  }
}

/**
 * The subset font of `subset`'s glyphs (new glyph ids in the order they were
 * included, components of composite glyphs appended as found), as fontkit's
 * `TTFSubset.encode` writes it; undefined for a font this does not handle.
 */
export function encodeTrueTypeSubset(subset: FontkitSubset): Uint8Array | undefined {
  const raw = rawTables(subset.font);
  if (!raw) return undefined;
  const { bytes, view, table, numberOfMetrics, loca } = raw;
  const glyf = table.glyf!;
  const hmtx = table.hmtx!;
  const glyphData = new Writer(4096);
  const offsets: number[] = [];
  const metrics: number[] = [];
  for (let i = 0; i < subset.glyphs.length; i++) {
    const gid = subset.glyphs[i]!;
    const start = loca[gid]!;
    const end = loca[gid + 1]!;
    offsets.push(glyphData.length);
    const at = glyphData.length;
    glyphData.copy(bytes, glyf.offset + start, glyf.offset + end);
    if (end - start >= 10 && view.getInt16(glyf.offset + start) < 0) {
      // A composite glyph: include its components and point to their new ids.
      let pos = at + 10;
      for (;;) {
        const flags = glyphData.view.getUint16(pos);
        const component = glyphData.view.getUint16(pos + 2);
        glyphData.view.setUint16(pos + 2, subset.includeGlyph(component));
        pos += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) pos += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) pos += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) pos += 8;
        if (!(flags & MORE_COMPONENTS)) break;
      }
    }
    // Advance and left side bearing as fontkit reads them from hmtx.
    if (gid < numberOfMetrics) {
      metrics.push(view.getUint16(hmtx.offset + gid * 4), view.getInt16(hmtx.offset + gid * 4 + 2));
    } else {
      const advance = numberOfMetrics > 0 ? view.getUint16(hmtx.offset + (numberOfMetrics - 1) * 4) : 0;
      const bearingAt = hmtx.offset + numberOfMetrics * 4 + (gid - numberOfMetrics) * 2;
      const bearing = bearingAt + 2 <= hmtx.offset + hmtx.length ? view.getInt16(bearingAt) : 0;
      metrics.push(advance, bearing);
    }
  }
  offsets.push(glyphData.length);
  const numGlyphs = offsets.length - 1;

  const present = TABLES.filter((tag) => tag === 'loca' || tag === 'glyf' || tag === 'hmtx' || table[tag] !== undefined);
  const lengths = present.map((tag) => {
    switch (tag) {
      case 'loca':
        return offsets.length * (raw.locaLong ? 4 : 2);
      case 'glyf':
        return glyphData.length;
      case 'hmtx':
        return numGlyphs * 4;
      default:
        return table[tag]!.length;
    }
  });
  const headerLength = 12 + 16 * present.length;
  const out = new Writer(headerLength + lengths.reduce((a, b) => a + b, 0));
  const numTables = present.length;
  const maxPowerOf2 = 2 ** Math.floor(Math.log(numTables) / Math.LN2);
  out.u32(0x74727565); // 'true'
  out.u16(numTables);
  out.u16(maxPowerOf2 * 16);
  out.u16(Math.log(maxPowerOf2) / Math.LN2);
  out.u16(numTables * 16 - maxPowerOf2 * 16);
  let offset = headerLength;
  present.forEach((tag, i) => {
    for (let k = 0; k < 4; k++) out.bytes[out.length + k] = tag.charCodeAt(k);
    out.length += 4;
    out.u32(0); // fontkit writes no checksums
    out.u32(offset);
    out.u32(lengths[i]!);
    offset += lengths[i]!;
  });
  for (const tag of present) {
    switch (tag) {
      case 'loca':
        for (const o of offsets) {
          if (raw.locaLong) out.u32(o);
          else out.u16(o >>> 1);
        }
        break;
      case 'glyf':
        out.copy(glyphData.bytes, 0, glyphData.length);
        break;
      case 'hmtx':
        for (let i = 0; i < metrics.length; i += 2) {
          out.u16(metrics[i]!);
          out.i16(metrics[i + 1]!);
        }
        break;
      default: {
        const t = table[tag]!;
        const start = out.length;
        out.copy(bytes, t.offset, t.offset + t.length);
        // The fields that depend on the subset.
        if (tag === 'head') out.view.setInt16(start + 50, raw.locaLong ? 1 : 0); // indexToLocFormat
        else if (tag === 'hhea') out.view.setUint16(start + 34, numGlyphs); // numberOfMetrics
        else if (tag === 'maxp') out.view.setUint16(start + 4, numGlyphs); // numGlyphs
      }
    }
  }
  return out.bytes.length === out.length ? out.bytes : out.bytes.slice(0, out.length);
}

/** Makes a fontkit subset encode itself with `encodeTrueTypeSubset` where it can. */
export function fastSubsetEncoding(subset: object): void {
  const target = subset as FontkitSubset;
  if (target.cff !== undefined || typeof target.encode !== 'function') return;
  const encode = target.encode.bind(target);
  target.encode = () => encodeTrueTypeSubset(target) ?? encode();
}
