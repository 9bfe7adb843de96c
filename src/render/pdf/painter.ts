import type { FontBook } from './fonts.js';
import { forEachWord, shapeWord, unitWidth } from './shaping.js';
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
    encode(text: string): [string[], unknown[]];
    ref(): unknown;
    subset: { includeGlyph(id: number): number };
    unicode: (readonly number[] | undefined)[];
  };
  page: { fonts: Record<string, unknown>; height: number; width: number };
  addContent(operators: string): void;
}

function fixed(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
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
   * Whether the text layer will read `text` back from its glyphs: every glyph
   * stands for its own characters in order (no reordering, as with a
   * Devanagari vowel sign drawn before its consonant), and no glyph was
   * already mapped to other characters in this document's ToUnicode map (one
   * glyph drawn for two characters, as Noto Sans Devanagari does for इ and ई).
   */
  private extractsAs(text: string, font: string): boolean {
    const embedded = (this.pdf as unknown as PdfkitInternals)._font;
    const file = this.fonts.file(font);
    // What pdfkit's encode will map glyphs first seen in this very run to.
    const pending = new Map<number, readonly number[]>();
    let faithful = true;
    forEachWord(text, (word) => {
      if (!faithful) return;
      const run = shapeWord(file, word);
      if (!run.faithful) {
        faithful = false;
        return;
      }
      for (const glyph of run.glyphs) {
        const gid = embedded.subset.includeGlyph(glyph.id);
        const mapped = embedded.unicode[gid] ?? pending.get(gid);
        if (mapped === undefined) pending.set(gid, glyph.codePoints);
        else if (mapped.length !== glyph.codePoints.length || mapped.some((cp, i) => cp !== glyph.codePoints[i])) {
          faithful = false;
          return;
        }
      }
    });
    return faithful;
  }

  /**
   * Draws one run of text with its baseline at `baseline`. Placeholders, and
   * runs whose glyphs would not extract as their text, are wrapped in
   * /ActualText.
   */
  drawText(text: string, font: string, size: number, color: string, x: number, baseline: number, actual?: string): void {
    if (text === '') return;
    const pdf = this.pdf.font(font).fontSize(size).fillColor(color);
    if (actual === undefined && !this.extractsAs(text, font)) actual = text;
    if (actual === undefined) {
      pdf.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
      return;
    }
    // pdfkit's text() flips the coordinate system inside its own q…Q, so a
    // marked-content span around it would end under a different matrix than
    // its glyphs were drawn with, and poppler would misplace the ActualText.
    // Set the run by hand with BDC/EMC inside the flipped state instead.
    const inner = pdf as unknown as PdfkitInternals;
    const [glyphs] = inner._font.encode(text);
    inner.page.fonts[inner._font.id] ??= inner._font.ref();
    pdf.save().transform(1, 0, 0, -1, 0, inner.page.height);
    pdf.markContent('Span', { actual });
    inner.addContent(`BT 1 0 0 1 ${fixed(x)} ${fixed(inner.page.height - baseline)} Tm /${inner._font.id} ${fixed(size)} Tf <${glyphs.join('')}> Tj ET`);
    pdf.endMarkedContent();
    pdf.restore();
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
