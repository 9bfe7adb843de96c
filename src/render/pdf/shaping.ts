import type { FontkitFont } from 'fontkit';
import type { FontFile } from '../../env/types.js';
import { RenderError } from '../types.js';
import { precomputedTables } from './font-tables.js';
import { FAST_SCRIPTS, FastShaper, type FastFont, type FontPlans, type LookupSelector, type PlanData } from './fast-shaping.js';
import { fontkitFont, parsedFont } from './fonts.js';
import { MemoTable } from './memo.js';

/** A glyph of a shaped word: what pdfkit's `encode` reads of fontkit's glyph objects. */
export interface ShapedGlyph {
  readonly id: number;
  /** In font units (pdfkit scales it). */
  readonly advanceWidth: number;
  /** The characters this glyph stands for in this word, in logical order. */
  readonly codePoints: readonly number[];
}

/** A glyph's placement, in thousandths of the font size (pdfkit's scale). */
export interface ShapedPosition {
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  readonly advanceWidth: number;
}

/** One word shaped by fontkit (GSUB and GPOS applied), as pdfkit's layout cache holds it. */
export interface ShapedRun {
  readonly glyphs: readonly ShapedGlyph[];
  readonly positions: readonly ShapedPosition[];
  /** Sum of the x advances, in thousandths of the font size. */
  readonly advanceWidth: number;
  /** True when the glyphs' characters, read in order, are exactly the word. */
  readonly faithful: boolean;
}

interface Shaper {
  /** fontkit's parse of the font with a layout engine of its own (fontkit is loaded on first call). */
  fontkit(): FontkitFont & { layout(text: string): FontkitRun };
  fast: FastShaper;
  scale: number;
  words: MemoTable<ShapedRun>;
  /** Glyphs of one character, shared by the shapes that hold them: by `id * 0x110000 + code point`. */
  glyphs: Map<number, ShapedGlyph>;
  /** Positions with no offset and no vertical advance, shared likewise: by advance width, then x advance. */
  places: Map<number, Map<number, ShapedPosition>>;
}

/**
 * A word shape's glyph of one character: the same object for every shape
 * that holds it (most glyphs), so a kept shape costs its arrays, not an
 * object per glyph. Shapes never change their glyphs.
 */
function glyphOf(shaper: Shaper, id: number, advance: number, codePoints: number[]): ShapedGlyph {
  if (codePoints.length !== 1) return { id, advanceWidth: advance, codePoints };
  const key = id * 0x110000 + codePoints[0]!;
  const known = shaper.glyphs.get(key);
  if (known?.advanceWidth === advance) return known;
  const glyph = { id, advanceWidth: advance, codePoints };
  if (!known) shaper.glyphs.set(key, glyph);
  return glyph;
}

/** A glyph's position, shared like its glyph when it has no offset (exact zeros, not -0). */
function positionOf(shaper: Shaper, xAdvance: number, yAdvance: number, xOffset: number, yOffset: number, advanceWidth: number): ShapedPosition {
  if (!Object.is(yAdvance, 0) || !Object.is(xOffset, 0) || !Object.is(yOffset, 0) || Object.is(xAdvance, -0) || Object.is(advanceWidth, -0)) return { xAdvance, yAdvance, xOffset, yOffset, advanceWidth };
  let byAdvance = shaper.places.get(advanceWidth);
  if (!byAdvance) shaper.places.set(advanceWidth, (byAdvance = new Map()));
  let position = byAdvance.get(xAdvance);
  if (!position) byAdvance.set(xAdvance, (position = { xAdvance, yAdvance, xOffset, yOffset, advanceWidth }));
  return position;
}

type GetGlyph = (id: number, codePoints?: number[]) => { advanceWidth: number };

interface FontkitRun {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
}

// Shaping a word is the costly part of setting text with fontkit (GSUB and
// GPOS lookups), and the same words recur across the items of a batch. The
// result depends only on the font's bytes and the word, so it is kept per
// process, in a table bounded with the renderer's other per-process tables
// (memo.ts): a long batch of varied text cannot grow it without end, and
// clearing it changes nothing but speed.
const shapers = new Map<string, Shaper>();

/** The getter fontkit defines lazily (and caches per object) for a font's layout engine. */
function layoutEngineGetter(font: object): (() => unknown) | undefined {
  for (let proto: object | null = Object.getPrototypeOf(font) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, '_layoutEngine');
    if (descriptor?.get) return descriptor.get;
  }
  return undefined;
}

/** A glyph as one use in one word: what fontkit's layout reads of a glyph object. */
class GlyphUse {
  /** As fontkit's glyph objects: a mark when every character is one (read by its fallback mark positioning). */
  readonly isMark: boolean;
  readonly isLigature: boolean;
  constructor(
    readonly id: number,
    public codePoints: number[],
    readonly advanceWidth: number,
    private readonly base: { cbox: unknown },
  ) {
    this.isMark = codePoints.length > 0 && codePoints.every((cp) => MARK.test(String.fromCodePoint(cp)));
    this.isLigature = codePoints.length > 1;
  }

  /** The outline's box, for fonts without GPOS, whose marks fontkit places by the boxes. */
  get cbox(): unknown {
    return this.base.cbox;
  }
}
const MARK = /^\p{M}$/u;

/** The part of fontkit's GSUB/GPOS processor that picks the lookups for a script. */
interface OpenTypeProcessor {
  scriptTag: unknown;
  features: object;
  selectScript(script: unknown, language: unknown, direction: unknown): unknown;
  lookupsForFeatures(features?: string[], exclude?: number[]): unknown[];
}

/**
 * fontkit rebuilds a processor's feature table on every layout call when no
 * language is given, and collects and sorts the lookups of each shaping stage
 * again; both depend only on the script, direction and feature list. Keep
 * them until the script changes.
 */
function memoizeFeatureSelection(processor: OpenTypeProcessor): void {
  const select = processor.selectScript;
  const lookups = processor.lookupsForFeatures;
  let selected: string | undefined;
  processor.selectScript = function (this: OpenTypeProcessor, script, language, direction) {
    const key = `${String(script)}\u0000${String(language)}\u0000${String(direction)}`;
    if (key === selected && this.scriptTag !== undefined) return this.scriptTag;
    const tag = select.call(this, script, language, direction);
    selected = key;
    return tag;
  };
  const byFeatures = new WeakMap<object, Map<string, unknown[]>>();
  processor.lookupsForFeatures = function (this: OpenTypeProcessor, features = [], exclude) {
    let known = byFeatures.get(this.features);
    if (!known) byFeatures.set(this.features, (known = new Map()));
    const key = `${features.join(',')}\u0000${exclude?.join(',') ?? ''}`;
    let list = known.get(key);
    if (!list) known.set(key, (list = lookups.call(this, features, exclude)));
    return list;
  };
}

/** Whether `npm run build` left shaping tables for this font where this module finds them (for the tests). */
export function hasPrecomputedPlans(file: FontFile): boolean {
  return precomputedTables(file) !== undefined;
}

/** The fast-path plans of a font for every script the fast path takes (for the build-time tables). */
export function fontPlans(file: FontFile): FontPlans {
  const fast = shaperOf(file).fast;
  return Object.fromEntries(FAST_SCRIPTS.map((script) => [script, fast.planData(script)]));
}

function shaperOf(file: FontFile): Shaper {
  let shaper = shapers.get(file.key);
  if (!shaper) {
    let view: (FontkitFont & { layout(text: string): FontkitRun }) | undefined;
    let engine: { engine?: Record<string, unknown> } | undefined;
    // Made on first need: a word the fast path leaves to fontkit, or plans
    // worked out here (then fontkit is loaded and parses the font).
    const fontkitView = (): FontkitFont & { layout(text: string): FontkitRun } => {
      if (view) return view;
      const shared = fontkitFont(file) as unknown as FontkitFont & { getGlyph: GetGlyph };
      // A view of the parsed font with a layout engine of its own. fontkit
      // keeps one glyph object per id, with the code points of its first use,
      // and shaping copies those code points; the view hands the shaper a small
      // object for each use instead, with the code points of this use and the
      // glyph's advance (all that fontkit's layout reads of a glyph).
      const made = Object.create(shared) as Record<string, unknown>;
      const bases = new Map<number, { advanceWidth: number; cbox: unknown }>();
      made.getGlyph = (id: number, codePoints: number[] = []) => {
        let base = bases.get(id);
        if (!base) {
          const glyph = shared.getGlyph(id) as unknown as { advanceWidth: number; cbox: unknown };
          base = { advanceWidth: glyph.advanceWidth, get cbox() { return glyph.cbox; } };
          bases.set(id, base);
        }
        return new GlyphUse(id, codePoints, base.advanceWidth, base);
      };
      // fontkit's cached getter stores the engine on the object it is called on:
      // the view. Made on first need: making it decodes the GSUB and GPOS tables.
      Object.defineProperty(made, 'layout', {
        value(this: { layout: unknown }, text: string): FontkitRun {
          engineOf();
          return (Object.getPrototypeOf(made) as { layout(this: unknown, t: string): FontkitRun }).layout.call(made, text);
        },
      });
      view = made as unknown as FontkitFont & { layout(text: string): FontkitRun };
      return view;
    };
    const engineOf = (): { engine?: Record<string, unknown> } => {
      if (!engine) {
        const made = fontkitView();
        engine = (layoutEngineGetter(Object.getPrototypeOf(made) as object)?.call(made) ?? {}) as { engine?: Record<string, unknown> };
        for (const processor of [engine.engine?.GSUBProcessor, engine.engine?.GPOSProcessor]) {
          if (processor) memoizeFeatureSelection(processor as OpenTypeProcessor);
        }
      }
      return engine;
    };
    const font = parsedFont(file);
    const fast = new FastShaper(
      font as unknown as FastFont,
      () => ({
        font: fontkitView() as unknown as FastFont,
        gsub: engineOf().engine?.GSUBProcessor as LookupSelector | undefined,
        gpos: engineOf().engine?.GPOSProcessor as LookupSelector | undefined,
      }),
      precomputedTables(file)?.plans,
    );
    shaper = { fontkit: fontkitView, fast, scale: 1000 / font.unitsPerEm, words: new MemoTable<ShapedRun>(), glyphs: new Map(), places: new Map() };
    shapers.set(file.key, shaper);
  }
  return shaper;
}

/**
 * Shapes one word (a slice of text with at most one trailing space or tab,
 * as pdfkit cuts it). Each glyph's code points are this word's, not those of
 * whatever word first used the glyph in this process.
 */
export function shapeWord(file: FontFile, word: string): ShapedRun {
  const shaper = shaperOf(file);
  const known = shaper.words.get(word);
  if (known) return known;
  const glyphs: ShapedGlyph[] = [];
  const positions: ShapedPosition[] = [];
  let advanceWidth = 0;
  // Whether the glyphs' characters, read in order, are the word (as joining
  // String.fromCodePoint of each would tell), checked unit by unit.
  let read = 0;
  let faithful = true;
  const readBack = (codePoints: readonly number[]): void => {
    for (const cp of codePoints) {
      if (!(cp >= 0 && cp <= 0x10ffff && Number.isInteger(cp))) String.fromCodePoint(cp); // throws as before
      if (cp > 0xffff) {
        faithful &&= word.charCodeAt(read) === ((cp - 0x10000) >> 10) + 0xd800 && word.charCodeAt(read + 1) === ((cp - 0x10000) & 0x3ff) + 0xdc00;
        read += 2;
      } else {
        faithful &&= word.charCodeAt(read) === cp;
        read += 1;
      }
    }
  };
  /** Adds one glyph (fontkit's terms: its advance is the glyph's width) at its position, in font units. */
  const add = (id: number, advance: number, codePoints: number[], p: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }): void => {
    glyphs.push(glyphOf(shaper, id, advance, codePoints));
    const position = positionOf(shaper, p.xAdvance * shaper.scale, p.yAdvance * shaper.scale, p.xOffset * shaper.scale, p.yOffset * shaper.scale, advance * shaper.scale);
    positions.push(position);
    advanceWidth += position.xAdvance;
    readBack(codePoints);
  };
  const fast = shaper.fast.shape(word);
  if (fast) {
    // The fast path's glyphs, taken as they are.
    for (const g of fast) add(g.id, g.advance, g.codePoints, g);
  } else {
    const run = layoutOrPlain(shaper, file, word);
    for (let i = 0; i < run.glyphs.length; i++) {
      const glyph = run.glyphs[i]!;
      add(glyph.id, glyph.advanceWidth, glyph.codePoints, run.positions[i]!);
    }
  }
  faithful &&= read === word.length;
  const shaped: ShapedRun = Object.freeze({ glyphs: Object.freeze(glyphs), positions: Object.freeze(positions), advanceWidth, faithful });
  shaper.words.set(word, shaped);
  return shaped;
}

/**
 * fontkit's layout of a word; should fontkit fail on the font's tables (it
 * throws on a mark anchor DejaVu Sans Mono leaves empty, for "с̼"), the
 * word's glyphs from the character map with their plain advances instead.
 */
function layoutOrPlain(shaper: Shaper, file: FontFile, word: string): FontkitRun {
  try {
    return shaper.fontkit().layout(word);
  } catch {
    const font = parsedFont(file) as unknown as { glyphForCodePoint(cp: number): { id: number; advanceWidth: number } };
    const glyphs = Array.from(word, (ch) => {
      const cp = ch.codePointAt(0)!;
      const glyph = font.glyphForCodePoint(cp);
      return { id: glyph.id, advanceWidth: glyph.advanceWidth, codePoints: [cp] };
    });
    return { glyphs, positions: glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })) };
  }
}

/** Whether `word` takes the fast path in `file` (for tests and measurements). */
export function takesFastPath(file: FontFile, word: string): boolean {
  return shaperOf(file).fast.shape(word) !== undefined;
}

/**
 * Calls `each` for the words of `text` as pdfkit's `EmbeddedFont.layout`
 * cuts them: after every space or tab, the space staying with the word
 * before it.
 */
export function forEachWord(text: string, each: (word: string) => void): void {
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      each(text.slice(last, i + 1));
      last = i + 1;
    }
  }
  if (last < text.length) each(text.slice(last));
}

/** Width of `text` at 1 pt, exactly as pdfkit will set it with the shared shaping. */
export function unitWidth(file: FontFile, text: string): number {
  let width = 0;
  forEachWord(text, (word) => {
    width += shapeWord(file, word).advanceWidth;
  });
  return width / 1000;
}

/** The part of pdfkit's `EmbeddedFont` that the shared shaping replaces. */
interface EmbeddedFontInternals {
  layoutCached(text: string): ShapedRun;
  layoutRun(text: string, features?: unknown): ShapedRun;
}

/**
 * Makes a pdfkit font of one document take any word shapes it asks for from
 * the process-wide cache. The fact sheet sets its text itself
 * (`Painter.drawText`), so pdfkit asks only if some drawing goes through its
 * own `text()`; then it gets the same shapes, and never shapes with the
 * shared font (whose glyph objects keep the characters of their first use).
 */
export function shareShaping(embedded: object, file: FontFile): void {
  const target = embedded as EmbeddedFontInternals;
  target.layoutCached = (text: string) => shapeWord(file, text);
  // pdfkit shapes through the font itself only for OpenType features, which
  // the fact sheet never asks for; the shared font must not get a layout engine.
  target.layoutRun = (text: string, features?: unknown) => {
    if (features !== undefined) throw new RenderError('the fact sheet sets text without OpenType feature options');
    return shapeWord(file, text);
  };
}

// Words whose shaping makes fontkit decode the lookups that Latin text uses
// (kerning classes, ligatures, marks), the first time, in every face.
const WARM_UP = 'The quick brown fox jumps over the lazy dog. THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG! 0123456789 (1) 20% 3+ “Yes,” – — · AV Te Wa Yo LT fi ffl é ñ ü ç ø Page of';

/**
 * Shapes common Latin words in each font ahead of the first document, a few
 * at a time, so a worker thread can do it while it waits for work; stops as
 * soon as `stop()` says so. Changes nothing but speed.
 */
export async function warmUpShaping(files: readonly FontFile[], stop: () => boolean): Promise<void> {
  const words: string[] = [];
  forEachWord(WARM_UP, (word) => words.push(word, word.trimEnd()));
  for (const file of files) {
    for (let i = 0; i < words.length; i += 8) {
      if (stop()) return;
      for (const word of words.slice(i, i + 8)) if (word !== '') shapeWord(file, word);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
