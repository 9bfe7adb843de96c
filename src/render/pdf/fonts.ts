import type { FontkitFont } from 'fontkit';
import { RenderError } from '../types.js';
import { CLUSTER_TEXT } from './fast-shaping.js';
import { precomputedTables } from './font-tables.js';
import { loadFontkit } from './fontkit-load.js';
import { LightFont } from './light-font.js';
import type { FontFile, FontSet } from '../../env/types.js';
import { KeyedTables, type MemoTable } from './memo.js';

/** A face of the document: the four primary styles plus the monospace face. */
export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic' | 'mono';

/** A piece of text that one font can draw, with the original text when it differs. */
export interface GlyphRun {
  text: string;
  /** Key of the FontFile (and of the font registered in pdfkit). */
  font: string;
  /** What the run stands for when `text` is a placeholder or lost invisible characters. */
  actual?: string;
}

/** Vertical metrics of a face as fractions of the font size. */
export interface FaceMetrics {
  ascent: number;
  descent: number;
}

/** The placeholder drawn for a character that no font has. */
export const PLACEHOLDER = '\u25A1';

const CONTENT_KEY = /-[0-9a-f]{16}$/;

/**
 * A name for a font file's content where one is known without hashing it: a
 * bundled face's `contentId`, or a theme font's key, which carries a hash of
 * its bytes (with their length, as a check). A theme's font files reach a
 * worker thread inside each job, a fresh copy of the bytes every time, so
 * the bytes object alone would not find them again.
 */
function contentName(file: FontFile): string | undefined {
  return file.contentId ?? (CONTENT_KEY.test(file.key) ? `${file.key} ${file.bytes.length}` : undefined);
}

/**
 * Values worked out once per process for each font file's content (a parse,
 * an id): by `contentName` where there is one (a bundled face's bytes are
 * then not read to find it), else by the bytes object. The bytes of a
 * FontFile never change.
 */
class PerFont<V> {
  private readonly byName = new Map<string, V>();
  private readonly byBytes = new WeakMap<Uint8Array, V>();

  get(file: FontFile, make: () => V): V {
    const name = contentName(file);
    let value = name !== undefined ? this.byName.get(name) : this.byBytes.get(file.bytes);
    if (value === undefined) {
      value = make();
      if (name !== undefined) this.byName.set(name, value);
      else this.byBytes.set(file.bytes, value);
    }
    return value;
  }
}

// Parsed once per process: parsing is the cost worth sharing. Coverage
// queries, pdfkit (metrics and subsetting) and the shaper (see shaping.ts)
// all use these objects: a LightFont where the build left its data
// (light-font.ts), else fontkit's.
const fontkitFonts = new PerFont<FontkitFont>();
const lightFonts = new PerFont<LightFont | null>();

/** The part of a fontkit glyph object that the subsetter decodes on every use. */
interface GlyphInternals {
  _decode(): unknown;
}

/**
 * Makes fontkit decode each glyph's outline header once per process: its
 * subsetter decodes every glyph it copies, again for every document, and the
 * result (read only) depends on the font's bytes alone.
 */
function memoizeGlyphDecoding(font: FontkitFont): void {
  const internals = font as unknown as { getGlyph(id: number, codePoints?: number[]): GlyphInternals };
  const getGlyph = internals.getGlyph;
  const seen = new WeakSet<GlyphInternals>();
  internals.getGlyph = function (this: unknown, id: number, codePoints?: number[]): GlyphInternals {
    const glyph = getGlyph.call(this, id, codePoints);
    if (glyph && !seen.has(glyph)) {
      seen.add(glyph);
      const decode = glyph._decode;
      let decoded: { value: unknown } | undefined;
      glyph._decode = () => (decoded ??= { value: decode.call(glyph) }).value;
    }
    return glyph;
  };
}

/** The part of a fontkit font that `deferPostNames` reads and sets. */
interface TableInternals {
  _tables?: Record<string, unknown>;
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  stream?: { buffer?: Uint8Array };
  _decodeTable?(entry: unknown): Record<string, unknown>;
}

/**
 * Gives the font a `post` table whose fixed fields (italic angle, fixed
 * pitch: all that pdfkit and the renderer read) come straight from its
 * header; the glyph names, whose decoding is most of the table's cost
 * (~15 ms a face), are decoded by fontkit only if something asks for them.
 */
function deferPostNames(font: FontkitFont): void {
  const inner = font as unknown as TableInternals;
  const entry = inner.directory?.tables?.post;
  const bytes = inner.stream?.buffer;
  if (!entry || entry.length < 32 || !inner._tables || 'post' in inner._tables || !(bytes instanceof Uint8Array) || !inner._decodeTable) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset + entry.offset, 32);
  const decodeTable = inner._decodeTable.bind(inner);
  let full: Record<string, unknown> | undefined;
  // As fontkit's post table: 16.16 fixed numbers, then integers.
  const post: Record<string, unknown> = {
    version: view.getInt32(0) / 65536,
    italicAngle: view.getInt32(4) / 65536,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
    minMemType42: view.getUint32(16),
    maxMemType42: view.getUint32(20),
    minMemType1: view.getUint32(24),
    maxMemType1: view.getUint32(28),
  };
  for (const key of ['numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map']) {
    Object.defineProperty(post, key, { enumerable: true, get: () => (full ??= decodeTable(entry))[key] });
  }
  inner._tables.post = post;
}

/** What the renderer reads of a parsed face, from a LightFont or from fontkit. */
export type ParsedFont = LightFont | FontkitFont;

/**
 * A font file parsed once per process (per byte array, or per content-hashed
 * key): read straight from its bytes (light-font.ts) when the build left the
 * data for it, else by fontkit.
 */
export function parsedFont(file: FontFile): ParsedFont {
  const light = lightFonts.get(file, () => {
    const data = precomputedTables(file)?.light;
    return data ? new LightFont(file.bytes, data) : null;
  });
  return light ?? fontkitFont(file);
}

/** The same font file parsed by fontkit (loaded on first need), once per process per byte array (or per content-hashed key). */
export function fontkitFont(file: FontFile): FontkitFont {
  return fontkitFonts.get(file, () => {
    const font = loadFontkit().create(file.bytes);
    if (typeof font.hasGlyphForCodePoint !== 'function') {
      throw new RenderError(`font ${file.key} is a font collection; give a single TrueType/OpenType face`);
    }
    memoizeGlyphDecoding(font);
    deferPostNames(font);
    return font;
  });
}

// Invisible code points that shape neighbours but need no glyph of their own:
// joiners, variation selectors, tags, soft hyphen, word joiner, BOM.
function isDefaultIgnorable(cp: number): boolean {
  return (
    cp === 0x00ad ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}

/** ICU's grapheme segmenter, made on first use (see splitGraphemes). */
let graphemes: Intl.Segmenter | undefined;

/**
 * Splits text into grapheme clusters (a base and its marks, an emoji sequence).
 * Text made only of characters that are always a cluster of their own (such
 * as a Latin title cut short in a footer) is split by character: ICU's
 * segmenter, whose first use in a process costs ~15 ms, is made only for
 * other text.
 */
export function splitGraphemes(text: string): string[] {
  if (CLUSTER_TEXT.test(text)) return text.split('');
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/** A text's runs in one chain of fonts, and the code points it drew as the placeholder (in order). */
interface RunsEntry {
  runs: GlyphRun[];
  missing?: number[];
}

// Runs depend only on the chain's fonts and the text, so they are kept per
// process by chain (see chainKey); a document still records its own missing
// code points from each entry it uses.
const runTables = new KeyedTables<RunsEntry>();
const fontIds = new PerFont<number>();
let nextFontId = 0;

/**
 * Names a font file for process-wide tables: its content (one id per
 * content, found as its parse is) and its key. A bundled face is named
 * without reading its bytes, so the fallbacks a document never draws cost
 * nothing.
 */
export function fontIdentity(file: FontFile): string {
  return `${fontIds.get(file, () => nextFontId++)}:${file.key}`;
}

/** Names a chain of fonts (and the fonts the placeholder may come from) for process-wide tables. */
function chainKey(files: readonly FontFile[], placeholderCandidates: readonly FontFile[]): string {
  return `${files.map(fontIdentity).join('\u0000')}\u0001${placeholderCandidates.map(fontIdentity).join('\u0000')}`;
}

/**
 * The fonts of one render: which file draws each face, the fallback chain, and
 * the code points no font could draw (for warnings).
 */
export class FontBook {
  /** Code points drawn as the placeholder, in order of first appearance. */
  readonly missing = new Set<number>();
  private readonly chains: Record<Face, FontFile[]>;
  /** The fonts that may draw the placeholder, in order: the first that has it does (found on first need). */
  private readonly placeholderCandidates: FontFile[];
  private placeholderKey: string | undefined;
  /** This document's view of the process-wide runs of each face's chain. */
  private readonly runCache: Partial<Record<Face, MemoTable<RunsEntry>>> = {};
  /** Code points drawn as the placeholder while cutting one text. */
  private drawnMissing: number[] = [];

  constructor(readonly fonts: FontSet) {
    const chain = (first: FontFile): FontFile[] => [first, ...fonts.fallbacks.filter((f) => f.key !== first.key)];
    this.chains = {
      regular: chain(fonts.primary.regular),
      bold: chain(fonts.primary.bold),
      italic: chain(fonts.primary.italic),
      boldItalic: chain(fonts.primary.boldItalic),
      mono: chain(fonts.mono),
    };
    this.placeholderCandidates = [fonts.primary.regular, ...fonts.fallbacks, fonts.mono];
  }

  /**
   * The font that draws the placeholder (and takes invisible characters no
   * font has): the first of the regular face, the fallbacks and the monospace
   * face that has U+25A1. Looked for only when a text needs it.
   */
  private get placeholderFont(): string {
    if (this.placeholderKey === undefined) {
      const holder = this.placeholderCandidates.find((f) => parsedFont(f).hasGlyphForCodePoint(PLACEHOLDER.codePointAt(0)!));
      if (!holder) throw new RenderError(`no font has the placeholder ${PLACEHOLDER} (U+25A1); add DejaVu Sans to the fallbacks`);
      this.placeholderKey = holder.key;
    }
    return this.placeholderKey;
  }

  /** Every font file of the set, each once, in a fixed order. */
  files(): FontFile[] {
    return [...this.unique()];
  }

  /** The place of the font registered under `key` in `files()` (-1 if none). */
  indexOf(key: string): number {
    return this.unique().findIndex((f) => f.key === key);
  }

  /** The files of the set, each once (worked out on first use). */
  private unique(): readonly FontFile[] {
    if (!this.allFiles) {
      const all = [...Object.values(this.fonts.primary), this.fonts.mono, ...this.fonts.fallbacks];
      this.allFiles = all.filter((f, i) => all.findIndex((g) => g.key === f.key) === i);
    }
    return this.allFiles;
  }
  private allFiles: FontFile[] | undefined;

  /** The font file registered under `key`. */
  file(key: string): FontFile {
    const file = this.unique().find((f) => f.key === key);
    if (!file) throw new RenderError(`font \`${key}\` is not in the document's font set`);
    return file;
  }

  /** The font that draws the space and the metrics of a face. */
  baseFont(face: Face): FontFile {
    return this.chains[face][0]!;
  }

  /** Ascent and descent of a face's primary font, per point of size. */
  metrics(face: Face): FaceMetrics {
    const font = parsedFont(this.baseFont(face));
    return { ascent: font.ascent / font.unitsPerEm, descent: -font.descent / font.unitsPerEm };
  }

  /**
   * Splits text into runs by glyph coverage: each grapheme cluster goes to the
   * first font of the face's chain that has all its visible code points.
   */
  runs(text: string, face: Face): GlyphRun[] {
    const cache = (this.runCache[face] ??= runTables.of(chainKey(this.chains[face], this.placeholderCandidates)));
    const cached = cache.get(text);
    if (cached) {
      if (cached.missing) for (const cp of cached.missing) this.missing.add(cp);
      return cached.runs;
    }
    const entry: RunsEntry = { runs: this.cut(text, face) };
    if (this.drawnMissing.length > 0) {
      entry.missing = this.drawnMissing;
      for (const cp of entry.missing) this.missing.add(cp);
      this.drawnMissing = [];
    }
    cache.set(text, entry);
    return entry.runs;
  }

  /** The runs of `text` (see runs), noting placeholders in `drawnMissing`. */
  private cut(text: string, face: Face): GlyphRun[] {
    const runs: GlyphRun[] = [];
    // Most text is letters and punctuation that are each a cluster of their
    // own and that the face's first font has: one run, no segmentation.
    if (CLUSTER_TEXT.test(text)) {
      const first = this.chains[face][0]!;
      const font = parsedFont(first);
      let covered = true;
      for (let i = 0; i < text.length && covered; i++) covered = font.hasGlyphForCodePoint(text.charCodeAt(i));
      if (covered) {
        if (text !== '') runs.push({ text, font: first.key });
        return runs;
      }
    }
    const push = (run: GlyphRun): void => {
      const last = runs[runs.length - 1];
      if (last && last.font === run.font && last.actual === undefined && run.actual === undefined) last.text += run.text;
      else runs.push({ ...run });
    };
    for (const cluster of splitGraphemes(text)) {
      const whole = this.drawCluster(cluster, face);
      if (whole) {
        push(whole);
        continue;
      }
      // No single font has the whole cluster: place each code point on its own.
      for (const ch of cluster) push(this.drawCluster(ch, face) ?? this.placeholder(ch));
    }
    return runs;
  }

  private drawCluster(cluster: string, face: Face): GlyphRun | undefined {
    const cps = Array.from(cluster, (c) => c.codePointAt(0)!);
    const visible = cps.filter((cp) => !isDefaultIgnorable(cp));
    for (const file of this.chains[face]) {
      const font = parsedFont(file);
      if (!visible.every((cp) => font.hasGlyphForCodePoint(cp))) continue;
      // Drop invisible code points the chosen font lacks (they would draw as
      // .notdef boxes) and keep the original for text extraction.
      const kept = cps.filter((cp) => !isDefaultIgnorable(cp) || font.hasGlyphForCodePoint(cp));
      if (kept.length === 0) return { text: '', font: file.key, actual: cluster };
      const text = String.fromCodePoint(...kept);
      return text === cluster ? { text, font: file.key } : { text, font: file.key, actual: cluster };
    }
    if (visible.length === 0) return { text: '', font: this.chains[face][0]!.key, actual: cluster };
    return undefined;
  }

  private placeholder(ch: string): GlyphRun {
    const cp = ch.codePointAt(0)!;
    if (isDefaultIgnorable(cp)) return { text: '', font: this.placeholderFont, actual: ch };
    this.drawnMissing.push(cp);
    return { text: PLACEHOLDER, font: this.placeholderFont, actual: ch };
  }
}
