/**
 * The slide plan (`Deck`): a closed, typed model of a presentation built once
 * from a `Doc` by `docToDeck` and printed by both the outline and the pptx
 * writer, so the two cannot drift (the role of Pandoc's Presentation.hs).
 */
import type { Align, Inline, ParagraphRole } from '../../doc/types.js';

/** Inline content of a slide line, reusing the Doc's inline nodes. */
export type RichText = Inline[];

/** The most body lines (bullets, text lines, quotes, code) on any slide. */
export const MAX_BODY_LINES = 6;

/** The most key figures on one slide. */
export const MAX_KEY_FIGURES = 4;

/** The most words on one slide line before it is shortened. */
export const MAX_LINE_WORDS = 20;

/** The most characters on one slide line before it is shortened (for text without spaces). */
export const MAX_LINE_CHARS = 160;

/** A bullet line; `level` 1 is nested under the nearest level-0 bullet before it. */
export interface BulletLine {
  kind: 'bullet';
  level: 0 | 1;
  /** The item number when the bullet comes from an ordered list. */
  ordinal?: number;
  text: RichText;
}

/** A short paragraph shown as one line. */
export interface TextLine {
  kind: 'text';
  role?: ParagraphRole;
  text: RichText;
}

/** A line of a Markdown block quote. */
export interface BlockquoteLine {
  kind: 'blockquote';
  text: RichText;
}

/** A code block, shown in the monospace face. */
export interface CodeLine {
  kind: 'code';
  lang?: string;
  value: string;
}

/** A sub-heading inside a slide body (e.g. "Contact" on the closing slide). */
export interface SubheadingLine {
  kind: 'subheading';
  text: string;
}

/** One line of a slide body; each counts against `MAX_BODY_LINES`. */
export type BodyLine = BulletLine | TextLine | BlockquoteLine | CodeLine | SubheadingLine;

/** What every slide has: a plain-text title and speaker notes (plain-text paragraphs). */
interface SlideBase {
  title: string;
  notes: string[];
}

/** The opening slide: title, subtitle, meta lines, organizations and the marking. */
export interface TitleSlide extends SlideBase {
  kind: 'title';
  subtitle?: string;
  /** Meta lines (date · location) and attribution lines, in document order. */
  lines: string[];
  organizations?: string;
  marking?: string;
}

/** A heading with body lines. */
export interface ContentSlide extends SlideBase {
  kind: 'content';
  body: BodyLine[];
}

/** One big number with its caption. */
export interface DeckKeyFigure {
  value: string;
  label: string;
}

/** Up to `MAX_KEY_FIGURES` big numbers. */
export interface KeyFiguresSlide extends SlideBase {
  kind: 'keyFigures';
  figures: DeckKeyFigure[];
}

/** A verbatim quotation (without quotation marks) and who said it. */
export interface DeckQuote {
  text: string;
  speaker: string;
  role?: string;
}

/** One long quote, or up to two short ones. */
export interface QuoteSlide extends SlideBase {
  kind: 'quote';
  quotes: DeckQuote[];
}

/** One image; `src` is a key into `RenderInput.assets`. */
export interface FigureSlide extends SlideBase {
  kind: 'figure';
  src: string;
  alt: string;
  caption?: string;
}

/** A table (or a part of a long one, with the header row repeated). */
export interface TableSlide extends SlideBase {
  kind: 'table';
  align: Align[];
  header: RichText[];
  rows: RichText[][];
}

/** The closing slide: sources and contact, laid out like a content slide. */
export interface ClosingSlide extends SlideBase {
  kind: 'closing';
  body: BodyLine[];
}

/** Every kind of slide. */
export type Slide = TitleSlide | ContentSlide | KeyFiguresSlide | QuoteSlide | FigureSlide | TableSlide | ClosingSlide;

/** Facts about the presentation as a whole. */
export interface DeckMeta {
  title: string;
  subtitle?: string;
  lang: string;
  /** Shown on every slide. */
  marking?: string;
  /** `YYYY-MM-DD`. */
  date: string;
  dateText: string;
}

/** A whole slide plan: the first slide is always the title slide. */
export interface Deck {
  meta: DeckMeta;
  slides: Slide[];
}
