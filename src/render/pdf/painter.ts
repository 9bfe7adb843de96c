import { fontIdentity, parsedFont, type FontBook } from './fonts.js';
import { KeyedTables, type MemoTable } from './memo.js';
import { shareShaping, shapeWord, unitWidth, type ShapedPosition, type ShapedRun } from './shaping.js';
import type { FontFile } from '../../env/types.js';
import { fastSubsetEncoding } from './subset.js';
import type { Typography } from './styles.js';
import type { Tag } from './tags.js';
import { ByteSink, sinkOf, written } from './output.js';

/** The key of the theme's logo among the embedded images (no figure path can be empty-prefixed like this). */
export const LOGO_KEY = '\u0000theme-logo';

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const openedFonts = new WeakMap<object, Set<string>>();

/**
 * Makes the registered font `key` the current font of `pdf`, opening it on
 * first use with the shared word shapes (see shareShaping) and the fast
 * subset encoder. pdfkit names fonts F1, F2, … in the order it opens them;
 * each is opened with the number of its place in the font book, as if all
 * were opened up front, so a document whose text never needs a fallback or
 * the monospace face does not pay for opening them.
 */
export function selectFont(pdf: PDFKit.PDFDocument, book: FontBook, key: string): void {
  let opened = openedFonts.get(pdf);
  if (!opened) openedFonts.set(pdf, (opened = new Set()));
  if (opened.has(key)) {
    pdf.font(key);
    return;
  }
  const inner = pdf as unknown as { _fontCount: number; _font: { subset: object } };
  inner._fontCount = book.indexOf(key);
  // pdfkit takes a parsed font object as well as bytes: hand it the font
  // parsed once per process (pdfkit's typings only list bytes). pdfkit reads
  // metrics and glyph outlines from it; the font takes its word shapes from
  // the process-wide cache, so pdfkit never shapes with it.
  pdf.registerFont(key, parsedFont(book.file(key)) as unknown as Buffer);
  pdf.font(key);
  shareShaping(inner._font, book.file(key));
  fastSubsetEncoding(inner._font.subset);
  opened.add(key);
}

/** A word shape as drawn in one document: its glyphs' ids in the font's subset, and whether they read back as its characters. */
interface PlacedRun {
  readonly gids: readonly number[];
  readonly faithful: boolean;
}

/** A pdfkit image opened and embedded ahead of layout, in document order. */
export interface EmbeddedImage {
  readonly width: number;
  readonly height: number;
}

/** The pdfkit internals used to set a run by hand (not in its typings). */
interface PdfkitInternals {
  _font: {
    id: string;
    ref(): unknown;
    scale: number;
    subset: { includeGlyph(id: number): number };
    widths: (number | undefined)[];
    unicode: (readonly number[] | undefined)[];
  };
  page: { fonts: Record<string, unknown>; height: number; width: number; content: object };
  addContent(operators: string): void;
  _fillColor: [string, number | undefined];
}

const RGB_HEX = /^#[0-9a-fA-F]{6}$/;
const rgbOperandsOf = new Map<string, string | undefined>();

/**
 * The `scn` operator pdfkit writes for a `#rrggbb` fill colour (its
 * components over 255, as pdfkit normalises them); undefined for any other
 * colour, which pdfkit sets itself.
 */
function rgbOperands(color: string): string | undefined {
  if (rgbOperandsOf.has(color)) return rgbOperandsOf.get(color);
  let operands: string | undefined;
  if (RGB_HEX.test(color)) {
    const hex = parseInt(color.slice(1), 16);
    operands = `${[hex >> 16, (hex >> 8) & 0xff, hex & 0xff].map((part) => part / 255).join(' ')} scn`;
  }
  if (rgbOperandsOf.size < 1000) rgbOperandsOf.set(color, operands);
  return operands;
}

function fixed(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
}

const HEX_DIGITS = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66];

/**
 * Writes the operators that set one run of glyphs, glyph by glyph, into a
 * byte sink: one text object whose matrix flips the glyphs upright, kerning
 * as TJ adjustments, and a new text matrix around each glyph placed off its
 * pen position (marks). Segments of hex glyph codes end where a glyph's
 * advance differs from its width (the adjustment follows) or around a moved
 * glyph. The bytes are those of the lines `BT … Tf`, `[…] TJ`, `… Tm` and
 * `ET` joined by newlines.
 */
class TextOperators {
  /** Whether a TJ array is open (its `[` written). */
  private inArray = false;
  /** Whether a hex segment is open (its `<` written). */
  private inSegment = false;
  private pen = 0;
  private moved = false;
  private scale = 0;
  private baseline = 0;

  constructor(readonly out: ByteSink) {}

  begin(font: string, size: number, x: number, baseline: number): void {
    this.out.length = 0;
    this.inArray = false;
    this.inSegment = false;
    this.moved = false;
    this.scale = size / 1000;
    this.pen = x;
    this.baseline = baseline;
    this.out.text(`BT 1 0 0 -1 ${fixed(x)} ${fixed(baseline)} Tm /${font} ${fixed(size)} Tf`);
  }

  /** Ends the open segment, with the adjustment `p`'s advance needs (none when it is the plain width). */
  private endSegment(p: ShapedPosition | undefined): void {
    if (!this.inSegment) return;
    this.out.byte(0x3e); // >
    const adjust = p === undefined ? 0 : Math.round((p.advanceWidth - p.xAdvance) * 1000) / 1000;
    if (adjust !== 0) this.out.text(` ${adjust}`);
    this.inSegment = false;
  }

  private flush(p: ShapedPosition | undefined): void {
    this.endSegment(p);
    if (this.inArray) this.out.text('] TJ');
    this.inArray = false;
  }

  private hex(gid: number): void {
    if (!this.inSegment) {
      if (this.inArray) this.out.byte(0x20);
      else {
        this.out.text('\n[');
        this.inArray = true;
      }
      this.out.byte(0x3c); // <
      this.inSegment = true;
    }
    const out = this.out;
    out.reserve(4);
    const bytes = out.bytes;
    let at = out.length;
    bytes[at++] = HEX_DIGITS[(gid >>> 12) & 15]!;
    bytes[at++] = HEX_DIGITS[(gid >>> 8) & 15]!;
    bytes[at++] = HEX_DIGITS[(gid >>> 4) & 15]!;
    bytes[at++] = HEX_DIGITS[gid & 15]!;
    out.length = at;
  }

  glyph(gid: number, p: ShapedPosition): void {
    if (p.xOffset !== 0 || p.yOffset !== 0) {
      // The open segment's glyphs all advance by their widths: no adjustment.
      this.flush(undefined);
      this.out.text(`\n1 0 0 -1 ${fixed(this.pen + p.xOffset * this.scale)} ${fixed(this.baseline - p.yOffset * this.scale)} Tm`);
      this.hex(gid);
      this.flush(p);
      this.moved = true;
    } else {
      if (this.moved) {
        this.flush(undefined);
        this.out.text(`\n1 0 0 -1 ${fixed(this.pen)} ${fixed(this.baseline)} Tm`);
        this.moved = false;
      }
      this.hex(gid);
      if (p.xAdvance !== p.advanceWidth) this.endSegment(p);
    }
    this.pen += p.xAdvance * this.scale;
  }

  /** Ends the text object; the operators are in the sink. */
  end(): void {
    this.flush(undefined);
    this.out.text('\nET');
  }
}

// Widths and word-and-space shapes depend only on the font's bytes and the
// text: kept per process (memo.ts), as the word shapes themselves are.
const unitWidths = new KeyedTables<number>();
const spacedRuns = new KeyedTables<ShapedRun>();

/** Where a run's operators are written before they go to the page (one per process: runs are drawn one at a time). */
const scratch = new TextOperators(new ByteSink(4096));
const scratchSink = scratch.out;

/**
 * The one drawing context of a render: the pdfkit document, the fonts, the
 * typography and the embedded images. Layout measures through it and draws
 * through it; nothing else touches pdfkit.
 */
export class Painter {
  /** Widths at 1 pt by font and text: this document's view of the process-wide tables. */
  private readonly widths = new Map<string, MemoTable<number>>();
  /** Shapes of words followed by a space, by font and word (without the space): likewise. */
  private readonly spaced = new Map<string, MemoTable<ShapedRun>>();
  /** Word shapes already drawn in this document, by pdfkit font: their subset glyph ids (see include). */
  private readonly placed = new Map<object, Map<ShapedRun, PlacedRun>>();
  /** Set while drawing inside marked content, so nested tagging is caught. */
  private marking = false;
  /** The fill colour text last set, and on which page. */
  private fill: { page: object; color: string } | undefined;

  constructor(
    readonly pdf: PDFKit.PDFDocument,
    readonly fonts: FontBook,
    readonly type: Typography,
    readonly images: ReadonlyMap<string, EmbeddedImage>,
    /** Height of a body frame: nothing unsplittable may be taller. */
    readonly frameHeight: number,
  ) {}

  /** Width in points of `text` set in the registered font `font` at `size`. */
  measure(text: string, font: string, size: number): number {
    if (text === '') return 0;
    // Widths scale with the size, so one measurement at 1 pt serves every size.
    let widths = this.widths.get(font);
    if (!widths) this.widths.set(font, (widths = unitWidths.of(fontIdentity(this.fonts.file(font)))));
    let unit = widths.get(text);
    if (unit === undefined) {
      unit = unitWidth(this.fonts.file(font), text);
      widths.set(text, unit);
    }
    return unit * size;
  }

  /**
   * The shapes of the words `text` is cut into (see forEachWord), in order,
   * taken from `parts` (words without spaces and single spaces that make up
   * `text`, as a line is joined) without cutting `text` again; each word's
   * shape with its following space is kept per process. Undefined when the
   * parts are of another kind.
   */
  joinedShapes(parts: readonly string[], font: string): ShapedRun[] | undefined {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part === ' ') continue;
      // Two words in a row (cut after a dash, or between graphemes) or white space inside a part.
      if (part === '' || (i > 0 && parts[i - 1] !== ' ') || /[ \t]/.test(part)) return undefined;
    }
    const file = this.fonts.file(font);
    let spaced = this.spaced.get(font);
    if (!spaced) this.spaced.set(font, (spaced = spacedRuns.of(fontIdentity(file))));
    const shapes: ShapedRun[] = [];
    let space: ShapedRun | undefined;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part === ' ') shapes.push((space ??= shapeWord(file, ' ')));
      else if (parts[i + 1] === ' ') {
        let run = spaced.get(part);
        if (run === undefined) spaced.set(part, (run = shapeWord(file, `${part} `)));
        shapes.push(run);
        i++;
      } else shapes.push(shapeWord(file, part));
    }
    return shapes;
  }

  /** The width of `text` at `size` from its word shapes (see joinedShapes): the same advances added up in the same order as `measure`. */
  static widthOfShapes(shapes: readonly ShapedRun[], size: number): number {
    let total = 0;
    for (const run of shapes) total += run.advanceWidth;
    return (total / 1000) * size;
  }

  /** The same width as `measure`, for a text unlikely to be measured again (a whole line): not remembered. */
  measureOnce(text: string, font: string, size: number): number {
    if (text === '') return 0;
    const unit = this.widths.get(font)?.get(text) ?? unitWidth(this.fonts.file(font), text);
    return unit * size;
  }

  /**
   * Draws one run of text with its baseline at `baseline`, set by hand from
   * the shared word shapes (pdfkit's `text()` would cut and shape it again
   * and wrap it in its own graphics state). Placeholders, and runs whose
   * glyphs would not extract as their text, are wrapped in /ActualText: a
   * glyph that stands for other characters than its own in order (a
   * Devanagari vowel sign drawn before its consonant), or one glyph drawn for
   * two characters (Noto Sans draws इ with the glyph that begins ई), whose
   * ToUnicode entry can name only one of them.
   */
  drawText(text: string, font: string, size: number, color: string, x: number, baseline: number, actual?: string, shapes?: readonly ShapedRun[]): void {
    if (text === '') return;
    selectFont(this.pdf, this.fonts, font);
    const pdf = this.pdf.fontSize(size);
    const inner = pdf as unknown as PdfkitInternals;
    // Text leaves its colour set (every other drawing restores its graphics
    // state), so set it only when it changes on this page.
    if (this.fill?.page !== inner.page || this.fill.color !== color) {
      const operands = rgbOperands(color);
      if (operands === undefined) pdf.fillColor(color);
      else {
        // What pdfkit's fillColor writes and records for a #rrggbb colour, without parsing it again.
        inner.addContent('/DeviceRGB cs');
        inner.addContent(operands);
        inner._fillColor = [color, undefined];
      }
      this.fill = { page: inner.page, color };
    }
    const embedded = inner._font;
    const file = this.fonts.file(font);
    const operators = scratch;
    operators.begin(embedded.id, size, x, baseline);
    let faithful = true;
    let placedRuns = this.placed.get(embedded);
    if (!placedRuns) this.placed.set(embedded, (placedRuns = new Map()));
    const known = placedRuns;
    const place = (run: ShapedRun): void => {
      let placed = known.get(run);
      if (!placed) known.set(run, (placed = this.include(embedded, run)));
      if (!placed.faithful) faithful = false;
      const gids = placed.gids;
      for (let k = 0; k < gids.length; k++) operators.glyph(gids[k]!, run.positions[k]!);
    };
    if (shapes) for (const run of shapes) place(run);
    else {
      // Words as pdfkit cuts them (see forEachWord), without a callback.
      let from = 0;
      for (let i = 0; i <= text.length; i++) {
        if (i < text.length) {
          const c = text.charCodeAt(i);
          if (c !== 0x20 && c !== 0x09) continue;
        } else if (from === text.length) break;
        place(shapeWord(file, text.slice(from, Math.min(i + 1, text.length))));
        from = i + 1;
      }
    }
    if (actual === undefined && !faithful) actual = text;
    inner.page.fonts[embedded.id] ??= embedded.ref();
    if (actual !== undefined) pdf.markContent('Span', { actual });
    operators.end();
    const sink = sinkOf(inner.page.content);
    if (sink) {
      // Straight into the page's content stream, as `addContent` would write the same text.
      sink.append(scratchSink.bytes, scratchSink.length);
      sink.byte(0x0a);
      written(inner.page.content, scratchSink.length + 1);
    } else inner.addContent(scratchSink.bytes.toString('latin1', 0, scratchSink.length));
    if (actual !== undefined) pdf.endMarkedContent();
  }

  /**
   * Adds a word shape's glyphs to the font's subset, as pdfkit's own encode
   * does (the first use of a glyph in a document names its width and
   * characters), the first time the shape is drawn in this document. Drawing
   * it again gives the same ids, and the same answer to whether its glyphs
   * read back as its characters: a glyph's characters, once named, stay.
   */
  private include(embedded: PdfkitInternals['_font'], run: ShapedRun): PlacedRun {
    let faithful = run.faithful;
    const gids: number[] = [];
    for (let k = 0; k < run.glyphs.length; k++) {
      const glyph = run.glyphs[k]!;
      const gid = embedded.subset.includeGlyph(glyph.id);
      gids.push(gid);
      embedded.widths[gid] ??= glyph.advanceWidth * embedded.scale;
      const mapped = embedded.unicode[gid];
      if (mapped === undefined) embedded.unicode[gid] = glyph.codePoints;
      else if (mapped !== glyph.codePoints && !sameCodePoints(mapped, glyph.codePoints)) faithful = false;
    }
    return { gids, faithful };
  }

  /** Draws `draw` as marked content of the structure element `tag` (text, an image). */
  content(tag: Tag, draw: () => void): void {
    if (this.marking) {
      draw();
      return;
    }
    const content = this.pdf.markStructureContent(tag.role);
    this.marking = true;
    try {
      draw();
    } finally {
      this.marking = false;
      this.pdf.endMarkedContent();
    }
    tag.element.add(content);
  }

  /**
   * Draws the text of a link as a `Link` element under `tag`, with its
   * clickable areas as link annotations tied to that element.
   */
  link(tag: Tag, url: string, areas: { x: number; y: number; width: number; height: number }[], draw: () => void): void {
    const element = this.pdf.struct('Link');
    tag.element.add(element);
    this.content({ role: 'Link', element }, draw);
    for (const area of areas) {
      // pdfkit accepts `structParent` on annotations; its typings do not list it.
      this.pdf.link(area.x, area.y, area.width, area.height, url, { structParent: element } as unknown as Record<string, unknown>);
    }
    // Ending the element now writes it with the current page, where its annotations are.
    element.end();
  }

  /** Draws decoration or running furniture that is not content (an artifact). */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    if (this.marking) {
      draw();
      return;
    }
    this.pdf.markContent('Artifact', { type });
    this.marking = true;
    try {
      draw();
    } finally {
      this.marking = false;
      this.pdf.endMarkedContent();
    }
  }

  /** Adds a bookmark (outline entry) to the current page at `y`. */
  bookmark(title: string, y: number): void {
    const pageWidth = (this.pdf as unknown as PdfkitInternals).page.width;
    // pdfkit computes the destination's left as page width minus `left`: pass the width for 0.
    const options = { top: Math.max(0, y - 6), left: pageWidth };
    this.pdf.outline.addItem(title, options as { expanded?: boolean });
  }

  /** Draws an image embedded before layout (never a path: pdfkit would read the disk). */
  drawImage(image: EmbeddedImage, x: number, y: number, width: number, height: number): void {
    // pdfkit accepts its own image objects; its typings only list sources.
    this.pdf.image(image as unknown as Buffer, x, y, { width, height });
  }

  /** Fills a rectangle. */
  fillRect(x: number, y: number, width: number, height: number, color: string): void {
    if (width <= 0 || height <= 0) return;
    this.pdf.save().rect(x, y, width, height).fill(color).restore();
  }

  /** Strokes a straight line. */
  line(x1: number, y1: number, x2: number, y2: number, color: string, thickness: number, dash?: number): void {
    const pdf = this.pdf.save().lineWidth(thickness).strokeColor(color);
    if (dash !== undefined) pdf.dash(dash, { space: dash });
    pdf.moveTo(x1, y1).lineTo(x2, y2).stroke().restore();
  }

  /** Strokes a rectangle outline. */
  strokeRect(x: number, y: number, width: number, height: number, color: string, thickness: number, dash?: number): void {
    const pdf = this.pdf.save().lineWidth(thickness).strokeColor(color);
    if (dash !== undefined) pdf.dash(dash, { space: dash });
    pdf.rect(x, y, width, height).stroke().restore();
  }
}
