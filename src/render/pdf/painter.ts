import type { FontBook } from './fonts.js';
import { forEachWord, shapeWord, unitWidth, type ShapedPosition } from './shaping.js';
import type { Typography } from './styles.js';
import type { Tag } from './tags.js';

/** The key of the theme's logo among the embedded images (no figure path can be empty-prefixed like this). */
export const LOGO_KEY = '\u0000theme-logo';

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
  page: { fonts: Record<string, unknown>; height: number; width: number };
  addContent(operators: string): void;
}

function fixed(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
}

/**
 * The operators that set glyphs `gids` of font resource `font` at `size`
 * from `x` on the baseline `baseline` (pdfkit's page space, y down): one text
 * object whose matrix flips the glyphs upright, kerning as TJ adjustments,
 * and a new text matrix around each glyph placed off its pen position (marks).
 */
function textOperators(font: string, size: number, x: number, baseline: number, gids: readonly number[], positions: readonly ShapedPosition[]): string {
  const scale = size / 1000;
  const out: string[] = [`BT 1 0 0 -1 ${fixed(x)} ${fixed(baseline)} Tm /${font} ${fixed(size)} Tf`];
  const hex = (from: number, to: number): string => {
    let h = '';
    for (let i = from; i < to; i++) h += gids[i]!.toString(16).padStart(4, '0');
    return h;
  };
  let commands: string[] = [];
  let last = 0;
  const segment = (end: number): void => {
    if (last < end) {
      const p = positions[end - 1]!;
      const adjust = Math.round((p.advanceWidth - p.xAdvance) * 1000) / 1000;
      commands.push(adjust === 0 ? `<${hex(last, end)}>` : `<${hex(last, end)}> ${adjust}`);
    }
    last = end;
  };
  const flush = (end: number): void => {
    segment(end);
    if (commands.length > 0) out.push(`[${commands.join(' ')}] TJ`);
    commands = [];
  };
  let pen = x;
  let moved = false;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p.xOffset !== 0 || p.yOffset !== 0) {
      flush(i);
      out.push(`1 0 0 -1 ${fixed(pen + p.xOffset * scale)} ${fixed(baseline - p.yOffset * scale)} Tm`);
      flush(i + 1);
      moved = true;
    } else {
      if (moved) {
        out.push(`1 0 0 -1 ${fixed(pen)} ${fixed(baseline)} Tm`);
        moved = false;
      }
      if (p.xAdvance !== p.advanceWidth) segment(i + 1);
    }
    pen += p.xAdvance * scale;
  }
  flush(positions.length);
  out.push('ET');
  return out.join('\n');
}

/**
 * The one drawing context of a render: the pdfkit document, the fonts, the
 * typography and the embedded images. Layout measures through it and draws
 * through it; nothing else touches pdfkit.
 */
export class Painter {
  private readonly widths = new Map<string, number>();
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
    const key = `${font}\u0000${text}`;
    let unit = this.widths.get(key);
    if (unit === undefined) {
      unit = unitWidth(this.fonts.file(font), text);
      this.widths.set(key, unit);
    }
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
  drawText(text: string, font: string, size: number, color: string, x: number, baseline: number, actual?: string): void {
    if (text === '') return;
    const pdf = this.pdf.font(font).fontSize(size);
    const inner = pdf as unknown as PdfkitInternals;
    // Text leaves its colour set (every other drawing restores its graphics
    // state), so set it only when it changes on this page.
    if (this.fill?.page !== inner.page || this.fill.color !== color) {
      pdf.fillColor(color);
      this.fill = { page: inner.page, color };
    }
    const embedded = inner._font;
    const file = this.fonts.file(font);
    const gids: number[] = [];
    const positions: ShapedPosition[] = [];
    // What the ToUnicode map will say of glyphs first seen in this very run.
    const pending = new Map<number, readonly number[]>();
    let faithful = true;
    forEachWord(text, (word) => {
      const run = shapeWord(file, word);
      if (!run.faithful) faithful = false;
      for (let i = 0; i < run.glyphs.length; i++) {
        const glyph = run.glyphs[i]!;
        const gid = embedded.subset.includeGlyph(glyph.id);
        gids.push(gid);
        positions.push(run.positions[i]!);
        // As pdfkit's own encode: the first use of a glyph in a document names its width and characters.
        embedded.widths[gid] ??= glyph.advanceWidth * embedded.scale;
        const mapped = embedded.unicode[gid] ?? pending.get(gid);
        if (mapped === undefined) pending.set(gid, glyph.codePoints);
        else if (mapped.length !== glyph.codePoints.length || mapped.some((cp, k) => cp !== glyph.codePoints[k])) faithful = false;
      }
    });
    for (const [gid, codePoints] of pending) embedded.unicode[gid] = codePoints;
    if (actual === undefined && !faithful) actual = text;
    inner.page.fonts[embedded.id] ??= embedded.ref();
    if (actual !== undefined) pdf.markContent('Span', { actual });
    inner.addContent(textOperators(embedded.id, size, x, baseline, gids, positions));
    if (actual !== undefined) pdf.endMarkedContent();
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
