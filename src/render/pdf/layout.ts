import { breakLines, drawLines, type Line, type Span } from './text.js';
import type { Painter } from './painter.js';
import type { TextStyle } from './styles.js';
import type { Tag } from './tags.js';

/**
 * A block laid out at a known width: its height, how it splits across frames,
 * and how it draws itself. `draw` may be asked to stretch to a taller height
 * (the tiles of a row share one height).
 */
export interface Arranged {
  readonly height: number;
  /**
   * Splits so the head is at most `available` high. Returns undefined when no
   * acceptable split exists; with `force` (an empty frame) it must return a
   * non-empty head. A missing tail means everything fitted.
   */
  split(available: number, force: boolean): Split | undefined;
  draw(painter: Painter, x: number, y: number, stretchTo?: number): void;
}

/** The result of splitting an arranged block: what fits here, and the rest. */
export interface Split {
  head: Arranged;
  tail?: Arranged;
  /** The split is a forced page break: the tail starts a new page, not the next column. */
  pageBreak?: boolean;
}

/** A block before layout: spacing, break rules, and how to arrange it at a width. */
export interface Flowable {
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  /** Never break between this block and the next one (headings, a quote's last paragraph). */
  readonly keepWithNext: boolean;
  /** A forced break: the next block starts a new frame. */
  readonly pageBreak?: boolean;
  arrange(width: number, painter: Painter): Arranged;
}

/** Spacing, break rules and tagging of a run of text. */
export interface TextSpacing {
  before: number;
  after: number;
  keepWithNext?: boolean;
  /** The structure element the lines belong to. */
  tag: Tag;
  /** A PDF bookmark (outline entry) pointing at the first line. */
  bookmark?: string;
}

/** Paragraph text: lines split between lines, keeping two at either end when it can. */
export function textFlowable(spans: Span[], style: TextStyle, spacing: TextSpacing): Flowable {
  return {
    spaceBefore: spacing.before,
    spaceAfter: spacing.after,
    keepWithNext: spacing.keepWithNext ?? false,
    arrange: (width, painter) => linesArranged(breakLines(painter, spans, style, width), style, width, spacing.tag, spacing.bookmark),
  };
}

function linesArranged(lines: Line[], style: TextStyle, width: number, tag: Tag, bookmark: string | undefined): Arranged {
  return {
    height: lines.length * style.leading,
    split(available, force) {
      if (lines.length * style.leading <= available) return { head: this };
      let fit = Math.floor(available / style.leading + 1e-6);
      const orphans = lines.length >= 4 ? 2 : lines.length;
      if (fit >= lines.length - 1 && lines.length >= 4) fit = lines.length - 2;
      if (fit < orphans || fit < 1) {
        if (!force) return undefined;
        fit = Math.max(1, Math.min(fit, lines.length - 1));
        if (lines.length === 1) return { head: this };
      }
      return { head: linesArranged(lines.slice(0, fit), style, width, tag, bookmark), tail: linesArranged(lines.slice(fit), style, width, tag, undefined) };
    },
    draw(painter, x, y) {
      if (bookmark !== undefined) painter.bookmark(bookmark, y);
      drawLines(painter, lines, style, x, y, width, tag);
    },
  };
}

/** Fixed-size content that never splits (an image, a rule, a marker); `draw` tags what it draws. */
export function fixedArranged(height: number, draw: (painter: Painter, x: number, y: number) => void): Arranged {
  return {
    height,
    split(available, force) {
      return height <= available + 1e-6 || force ? { head: this } : undefined;
    },
    draw: (painter, x, y) => draw(painter, x, y),
  };
}

/** A flowable whose arranged form has a fixed height at every width. */
export function fixedFlowable(spacing: { before: number; after: number }, height: (width: number) => number, draw: (painter: Painter, x: number, y: number, width: number) => void): Flowable {
  return {
    spaceBefore: spacing.before,
    spaceAfter: spacing.after,
    keepWithNext: false,
    arrange: (width) => fixedArranged(height(width), (painter, x, y) => draw(painter, x, y, width)),
  };
}

/** Padding, fill, rules and marker around a stack of blocks. */
export interface Decoration {
  padding?: { top: number; right: number; bottom: number; left: number };
  fill?: string;
  /** A rule along the left edge (quotes, block quotes). */
  leftRule?: { color: string; width: number };
  /** A rule along the top edge; `length` shorter than the box gives an accent bar. */
  topRule?: { color: string; width: number; length?: number };
  bottomRule?: { color: string; width: number };
  /** A dashed outline (asides). */
  outline?: { color: string; width: number; dash: number };
  /** Drawn at the content's top-left on the first part only (list markers). */
  marker?: (painter: Painter, x: number, y: number) => void;
  /** Never split (a key-figure box); only an over-tall stack is cut. */
  keepTogether?: boolean;
}

interface StackItem {
  arranged: Arranged;
  gapBefore: number;
  keepWithNext: boolean;
  pageBreak: boolean;
}

const NO_PADDING = { top: 0, right: 0, bottom: 0, left: 0 };

/**
 * Blocks one under another with collapsed spacing and an optional decoration.
 * Splits between children (or inside one), never after a child that keeps
 * with the next, and always at a forced page break.
 */
export function stackFlowable(children: Flowable[], decoration: Decoration = {}, spacing: { before?: number; after?: number; keepWithNext?: boolean } = {}): Flowable {
  const first = children[0];
  const last = children[children.length - 1];
  const decorated = decoration.fill !== undefined || decoration.leftRule !== undefined || decoration.topRule !== undefined || decoration.outline !== undefined || decoration.padding !== undefined;
  return {
    spaceBefore: spacing.before ?? (decorated ? 0 : (first?.spaceBefore ?? 0)),
    spaceAfter: spacing.after ?? (decorated ? 0 : (last?.spaceAfter ?? 0)),
    keepWithNext: spacing.keepWithNext ?? (decorated ? false : (last?.keepWithNext ?? false)),
    arrange(width, painter) {
      const pad = decoration.padding ?? NO_PADDING;
      const inner = Math.max(1, width - pad.left - pad.right);
      const items: StackItem[] = [];
      let previous: Flowable | undefined;
      for (const child of children) {
        if (child.pageBreak) {
          if (items.length > 0) items[items.length - 1]!.pageBreak = true;
          continue;
        }
        items.push({ arranged: child.arrange(inner, painter), gapBefore: previous ? Math.max(previous.spaceAfter, child.spaceBefore) : 0, keepWithNext: child.keepWithNext, pageBreak: false });
        previous = child;
      }
      return stackArranged(items, decoration, width, true);
    },
  };
}

function stackArranged(items: StackItem[], decoration: Decoration, width: number, first: boolean): Arranged {
  const pad = decoration.padding ?? NO_PADDING;
  const contentHeight = items.reduce((sum, item, i) => sum + (i > 0 ? item.gapBefore : 0) + item.arranged.height, 0);
  const height = pad.top + contentHeight + pad.bottom;
  const make = (part: StackItem[], isFirst: boolean): Arranged => stackArranged(part.length > 0 ? [{ ...part[0]!, gapBefore: 0 }, ...part.slice(1)] : part, decoration, width, isFirst);
  const hasForcedBreak = items.slice(0, -1).some((item) => item.pageBreak);
  return {
    height,
    split(available, force) {
      if (height <= available + 1e-6 && !hasForcedBreak) return { head: this };
      if (decoration.keepTogether && !force && !hasForcedBreak) return undefined;
      let y = pad.top;
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const gap = i > 0 ? item.gapBefore : 0;
        const room = available - y - gap - pad.bottom;
        if (item.arranged.height <= room + 1e-6) {
          y += gap + item.arranged.height;
          if (item.pageBreak && i < items.length - 1) return { head: make(items.slice(0, i + 1), first), tail: make(items.slice(i + 1), false), pageBreak: true };
          continue;
        }
        // Child i does not fit: split inside it, or break before it.
        const inside = room > 0 ? item.arranged.split(room, false) : undefined;
        if (inside?.tail) {
          const parts = { head: make([...items.slice(0, i), { ...item, arranged: inside.head }], first), tail: make([{ ...item, arranged: inside.tail }, ...items.slice(i + 1)], false) };
          return inside.pageBreak ? { ...parts, pageBreak: true } : parts;
        }
        let breakAt = i;
        while (breakAt > 0 && items[breakAt - 1]!.keepWithNext) breakAt--;
        if (breakAt > 0) return { head: make(items.slice(0, breakAt), first), tail: make(items.slice(breakAt), false) };
        if (!force) return undefined;
        // An empty frame and nothing fits by the rules: take what fits, breaking rules if we must.
        if (i > 0) return { head: make(items.slice(0, i), first), tail: make(items.slice(i), false) };
        const forced = item.arranged.split(Math.max(room, 1), true);
        if (!forced) return undefined;
        if (!forced.tail) return items.length > 1 ? { head: make([item], first), tail: make(items.slice(1), false) } : { head: this };
        return { head: make([{ ...item, arranged: forced.head }], first), tail: make([{ ...item, arranged: forced.tail }, ...items.slice(1)], false) };
      }
      return { head: this };
    },
    draw(painter, x, y, stretchTo) {
      const h = Math.max(height, stretchTo ?? 0);
      const { fill, outline, leftRule, topRule, bottomRule } = decoration;
      if (fill ?? outline ?? leftRule ?? topRule ?? bottomRule) {
        // Fills and rules are layout, not content: artifacts for assistive technology.
        painter.artifact(() => {
          if (fill) painter.fillRect(x, y, width, h, fill);
          if (outline) painter.strokeRect(x, y, width, h, outline.color, outline.width, outline.dash);
          if (leftRule) painter.fillRect(x, y, leftRule.width, h, leftRule.color);
          if (topRule) painter.fillRect(x, y, topRule.length ?? width, topRule.width, topRule.color);
          if (bottomRule) painter.fillRect(x, y + h - bottomRule.width, width, bottomRule.width, bottomRule.color);
        });
      }
      if (first && decoration.marker) decoration.marker(painter, x, y + pad.top);
      let cursor = y + pad.top;
      items.forEach((item, i) => {
        if (i > 0) cursor += item.gapBefore;
        item.arranged.draw(painter, x + pad.left, cursor);
        cursor += item.arranged.height;
      });
    },
  };
}

/** Cells side by side, all stretched to the tallest; splits only when forced. */
export function rowArranged(cells: { arranged: Arranged; offset: number }[]): Arranged {
  const height = cells.reduce((max, c) => Math.max(max, c.arranged.height), 0);
  return {
    height,
    split(available, force) {
      if (height <= available + 1e-6) return { head: this };
      if (!force) return undefined;
      const parts = cells.map((c) => ({ c, s: c.arranged.split(available, true) }));
      const head = rowArranged(parts.map(({ c, s }) => ({ offset: c.offset, arranged: s?.head ?? emptyArranged() })));
      const tail = rowArranged(parts.map(({ c, s }) => ({ offset: c.offset, arranged: s?.tail ?? emptyArranged() })));
      return { head, tail };
    },
    draw(painter, x, y) {
      for (const cell of cells) cell.arranged.draw(painter, x + cell.offset, y, height);
    },
  };
}

/** Nothing, zero points high. */
export function emptyArranged(): Arranged {
  return fixedArranged(0, () => undefined);
}
