/**
 * The state of one `docToDeck` run: the slides so far, the open slide that
 * body lines are added to, and the section title continuation slides repeat.
 */
import type { Block, DocMeta } from '../../doc/types.js';
import {
  MAX_BODY_LINES,
  type BodyLine,
  type ClosingSlide,
  type ContentSlide,
  type Deck,
  type DeckQuote,
  type RichText,
  type Slide,
  type TextLine,
  type TitleSlide,
} from './model.js';
import { countWords, fitLine, plainText, splitSentences } from './text.js';

/** Quotes of at most this many words may share a slide (two to a slide). */
const SHORT_QUOTE_WORDS = 30;

/** A slide without a title or notes yet: what handlers hand to `addSlide`. */
export type SlideBody = Slide extends infer S ? (S extends Slide ? Omit<S, 'title' | 'notes'> : never) : never;

/** The slide body lines are being added to, not yet split into slides of at most `MAX_BODY_LINES`. */
interface OpenSlide {
  kind: 'content' | 'closing';
  title: string;
  /** Opened by a heading: kept even if nothing is added to it. */
  explicit: boolean;
  body: BodyLine[];
  notes: string[];
  /** Long paragraphs (already in the notes) shown as sentence bullets if the slide stays empty. */
  longParagraphs: RichText[];
  /** Every paragraph of the slide, short and long, in document order. */
  prose: RichText[];
}

/** Dispatches one block to its handler. */
export type Dispatch = (block: Block, builder: DeckBuilder) => void;

/** Collects slides while the handlers walk the Doc; one per `docToDeck` call. */
export class DeckBuilder {
  /** The item's metadata. */
  readonly meta: DocMeta;
  private readonly dispatch: Dispatch;
  private readonly slides: Slide[] = [];
  private open: OpenSlide | undefined;
  /** Title of the current section; slides after its first get the `continued` label. */
  private section: string;
  private sectionSlides = 1;
  private titleBlockSeen = false;
  /** A slide break since the last slide: nothing may join that slide any more. */
  private broken = false;

  constructor(meta: DocMeta, dispatch: Dispatch) {
    this.meta = meta;
    this.dispatch = dispatch;
    this.section = meta.title;
    const where = [meta.dateText, meta.location].filter((s): s is string => Boolean(s)).join(' · ');
    const title: TitleSlide = { kind: 'title', title: meta.title, lines: where ? [where] : [], notes: [] };
    if (meta.subtitle) title.subtitle = meta.subtitle;
    if (meta.organizations.length > 0) title.organizations = meta.organizations.join(' · ');
    if (meta.marking) title.marking = meta.marking;
    this.slides.push(title);
  }

  /** The title of the current section (the document title before the first heading). */
  get sectionTitle(): string {
    return this.section;
  }

  /** Hands each block to its handler, in order. */
  flow(blocks: readonly Block[]): void {
    for (const block of blocks) this.dispatch(block, this);
  }

  /**
   * Replaces the title slide's fields with those of the document's title
   * block; returns false for a second title block, which the caller lays out
   * as ordinary content.
   */
  setTitle(fields: Pick<TitleSlide, 'title' | 'subtitle' | 'lines' | 'organizations'>, notes: string[]): boolean {
    if (this.titleBlockSeen) return false;
    this.titleBlockSeen = true;
    const slide = this.slides[0] as TitleSlide;
    const next: TitleSlide = { kind: 'title', title: fields.title, lines: fields.lines, notes: [...slide.notes, ...notes] };
    if (fields.subtitle !== undefined) next.subtitle = fields.subtitle;
    if (fields.organizations !== undefined) next.organizations = fields.organizations;
    if (slide.marking !== undefined) next.marking = slide.marking;
    this.slides[0] = next;
    if (this.section === slide.title) this.section = fields.title;
    return true;
  }

  /** Starts a section: closes the open slide and opens one titled by the heading. */
  startSection(title: string, kind: OpenSlide['kind'] = 'content'): void {
    this.closeOpen();
    this.section = title;
    this.sectionSlides = 0;
    this.open = this.newOpen(kind, true);
  }

  /**
   * Continues the current section on a slide of `kind` (a closing block
   * without headings of its own): the heading's slide if it is still empty,
   * otherwise a new one titled with the `continued` label, once — the
   * section keeps its own title, so a further split is not "(cont.) (cont.)".
   */
  continueSection(kind: OpenSlide['kind']): void {
    const open = this.open;
    if (open && open.explicit && open.body.length === 0 && open.longParagraphs.length === 0) {
      open.kind = kind;
      return;
    }
    this.closeOpen();
    this.sectionSlides = Math.max(this.sectionSlides, 1);
    this.open = this.newOpen(kind, true);
  }

  /** Ends the current slide; what follows starts a new one (a page or thematic break). */
  slideBreak(): void {
    this.closeOpen();
    this.broken = true;
  }

  /** Adds a body line, starting a continuation slide when the open one is full. */
  addLine(line: BodyLine): void {
    const open = this.ensureOpen();
    if (open.body.length >= MAX_BODY_LINES) {
      this.emit(open, open.body);
      this.open = this.newOpen(open.kind, false);
    }
    const target = this.open ?? open;
    // A nested bullet that lands first on a continuation slide has no parent there.
    if (line.kind === 'bullet' && line.level === 1 && !target.body.some((l) => l.kind === 'bullet')) {
      target.body.push({ ...line, level: 0 });
    } else {
      target.body.push(line);
    }
  }

  /** Adds a bullet or block-quote line, shortened if long with the full text in the notes. */
  addFittedLine(line: Extract<BodyLine, { text: RichText }>): void {
    const { text, shortened } = fitLine(line.text);
    this.addLine({ ...line, text });
    if (shortened) this.addNotes([plainText(line.text)]);
  }

  /** Adds a paragraph too long for a slide line: its text goes to the notes, and to sentence bullets if the slide stays empty. */
  addLongParagraph(text: RichText): void {
    const open = this.ensureOpen();
    open.notes.push(plainText(text));
    open.longParagraphs.push(text);
    open.prose.push(text);
  }

  /** Adds a short paragraph as a text line, remembering it as prose of the slide. */
  addShortParagraph(line: TextLine): void {
    this.addLine(line);
    (this.open ?? this.ensureOpen()).prose.push(line.text);
  }

  /** Adds speaker notes to the current slide (the title slide before any other). */
  addNotes(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const target = this.open ?? this.slides[this.slides.length - 1];
    target?.notes.push(...lines);
  }

  /**
   * Adds a slide of its own (key figures, quote, figure, table). It takes the
   * place of a heading's slide that is still empty, title and notes included.
   */
  addSlide(body: SlideBody): void {
    const open = this.open;
    let title: string;
    let notes: string[] = [];
    if (open && open.explicit && open.body.length === 0 && open.longParagraphs.length === 0) {
      title = open.title;
      notes = open.notes;
      this.open = undefined;
    } else {
      this.closeOpen();
      title = this.nextTitle();
    }
    this.slides.push({ ...body, title, notes } as Slide);
    this.broken = false;
  }

  /** Adds a quote: a short one joins the previous slide if that holds one short quote. */
  addQuote(quote: DeckQuote, fullText: string | undefined): void {
    const last = this.slides[this.slides.length - 1];
    const short = countWords(quote.text) <= SHORT_QUOTE_WORDS && fullText === undefined;
    if (!this.open && !this.broken && short && last?.kind === 'quote' && last.quotes.length === 1 && countWords(last.quotes[0]?.text ?? '') <= SHORT_QUOTE_WORDS && !last.notes.length) {
      last.quotes.push(quote);
      return;
    }
    this.addSlide({ kind: 'quote', quotes: [quote] });
    if (fullText !== undefined) this.addNotes([fullText]);
  }

  /** Closes the open slide and returns the finished deck. */
  finish(): Deck {
    this.closeOpen();
    const m = this.meta;
    const meta: Deck['meta'] = { title: this.slides[0]?.title ?? m.title, lang: m.lang, date: m.date, dateText: m.dateText };
    if (m.subtitle) meta.subtitle = m.subtitle;
    if (m.marking) meta.marking = m.marking;
    return { meta, slides: this.slides };
  }

  private nextTitle(): string {
    const title = this.sectionSlides === 0 ? this.section : `${this.section} ${this.meta.labels.continued}`;
    this.sectionSlides++;
    return title;
  }

  private newOpen(kind: OpenSlide['kind'], explicit: boolean): OpenSlide {
    return { kind, title: this.nextTitle(), explicit, body: [], notes: [], longParagraphs: [], prose: [] };
  }

  private ensureOpen(): OpenSlide {
    this.open ??= this.newOpen('content', false);
    return this.open;
  }

  private closeOpen(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    // Only prose, some of it too long for a line (a summary, say): rather than
    // keep the short paragraphs and hide the long ones in the notes, show all of
    // it as sentence bullets, in order.
    const onlyProse = open.longParagraphs.length > 0 && open.body.every((line) => line.kind === 'text' && line.role === undefined);
    if (!onlyProse) {
      this.emit(open, open.body);
      return;
    }
    // The long paragraphs' full text is already in the notes, so shortened sentences lose nothing.
    const bullets: BodyLine[] = open.prose.flatMap((p) =>
      splitSentences(p).map((s): BodyLine => ({ kind: 'bullet', level: 0, text: fitLine(s).text })),
    );
    for (let i = 0; i < bullets.length; i += MAX_BODY_LINES) {
      const chunk = bullets.slice(i, i + MAX_BODY_LINES);
      if (i === 0) this.emit(open, chunk);
      else this.emit({ ...open, title: this.nextTitle(), notes: [] }, chunk);
    }
  }

  private emit(open: OpenSlide, body: BodyLine[]): void {
    const slide: ContentSlide | ClosingSlide = { kind: open.kind, title: open.title, body, notes: open.notes };
    this.slides.push(slide);
    this.broken = false;
  }
}
