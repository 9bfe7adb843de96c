import { RenderError } from '../types.js';
import { stackFlowable, type Arranged, type Flowable } from './layout.js';
import type { Painter } from './painter.js';

/** The printable area of a page inside its margins. */
export interface BodyArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One arranged block placed on a page. */
export interface Placement {
  arranged: Arranged;
  x: number;
  y: number;
}

/** What goes on one page, decided before anything is drawn. */
export interface PagePlan {
  placements: Placement[];
}

/** How the flow is cut into pages: columns of the body and the gap between them. */
export interface FlowGeometry {
  area: BodyArea;
  columns: 1 | 2;
  columnGap: number;
  /** Space between the full-width header and the body columns. */
  headerGap: number;
  /** Space between the body columns and the full-width closing blocks. */
  closingGap: number;
  /** Balance the columns of the body's last page so they end level. */
  balance: boolean;
}

/** The three parts of the flow: full width at the top, in columns, full width at the end. */
export interface FlowParts {
  header: Flowable[];
  body: Flowable[];
  closing: Flowable[];
}

// Takes what fits of `rest` into a frame of `height`; a frame that takes
// nothing by the rules is retried with `force` only when it is empty.
function take(rest: Arranged, height: number, fresh: boolean): { head?: Arranged; rest: Arranged | undefined; pageBreak?: boolean } {
  const split = rest.split(height, false) ?? (fresh ? rest.split(height, true) : undefined);
  if (!split) return { rest };
  return { head: split.head, rest: split.tail, pageBreak: split.pageBreak === true };
}

// Fills the columns of one band of a page, each `height` high; returns the
// columns' heads and what is left over.
function fillColumns(rest: Arranged, columns: number, height: number, fresh: boolean): { heads: (Arranged | undefined)[]; rest: Arranged | undefined } {
  const heads: (Arranged | undefined)[] = [];
  let left: Arranged | undefined = rest;
  for (let column = 0; column < columns; column++) {
    if (!left) break;
    const taken = take(left, height, fresh);
    heads.push(taken.head);
    left = taken.rest;
    // A forced page break leaves the other columns of this page empty.
    if (taken.pageBreak) break;
  }
  return { heads, rest: left };
}

/**
 * Lays the header full width at the top of the first page, flows the body
 * through the columns of as many pages as it needs (column 1, then column 2,
 * then the next page), balances the columns of its last page, and sets the
 * closing blocks full width under them.
 */
export function paginate(parts: FlowParts, geometry: FlowGeometry, painter: Painter): PagePlan[] {
  const { area } = geometry;
  const bottom = area.y + area.height;
  const pages: PagePlan[] = [{ placements: [] }];
  let top = area.y;
  let guard = 0;
  const nextPage = (): void => {
    pages.push({ placements: [] });
    top = area.y;
    if (++guard > 100_000) throw new RenderError('pagination did not converge');
  };
  const current = (): PagePlan => pages[pages.length - 1]!;

  const fullWidth = (blocks: Flowable[]): void => {
    let rest: Arranged | undefined = blocks.length > 0 ? stackFlowable(blocks).arrange(area.width, painter) : undefined;
    while (rest) {
      const fresh = top === area.y;
      const taken = take(rest, bottom - top, fresh);
      if (taken.head) {
        current().placements.push({ arranged: taken.head, x: area.x, y: top });
        top += taken.head.height;
      }
      rest = taken.rest;
      if (rest) nextPage();
    }
  };

  fullWidth(parts.header);
  if (parts.header.length > 0 && parts.body.length > 0) top += geometry.headerGap;

  const columns = geometry.columns;
  const columnWidth = (area.width - geometry.columnGap * (columns - 1)) / columns;
  let rest: Arranged | undefined = parts.body.length > 0 ? stackFlowable(parts.body).arrange(columnWidth, painter) : undefined;
  while (rest) {
    if (bottom - top < 1) {
      nextPage();
      continue;
    }
    const fresh = top === area.y;
    const available = bottom - top;
    let filled = fillColumns(rest, columns, available, fresh);
    if (!filled.rest && columns > 1 && geometry.balance) {
      // Everything left fits on this page: find the lowest column height that
      // still takes it all, so the columns end level.
      let low = Math.max(0, rest.height / columns - 1);
      let high = available;
      for (let i = 0; i < 24 && high - low > 0.5; i++) {
        const mid = (low + high) / 2;
        if (fillColumns(rest, columns, mid, fresh).rest) low = mid;
        else high = mid;
      }
      filled = fillColumns(rest, columns, high, fresh);
      if (filled.rest) filled = fillColumns(rest, columns, available, fresh);
    }
    let used = 0;
    filled.heads.forEach((head, column) => {
      if (!head) return;
      current().placements.push({ arranged: head, x: area.x + column * (columnWidth + geometry.columnGap), y: top });
      used = Math.max(used, head.height);
    });
    rest = filled.rest;
    if (rest) nextPage();
    else top += used;
  }

  if (parts.closing.length > 0) {
    if (parts.body.length > 0 || parts.header.length > 0) top += geometry.closingGap;
    if (top >= bottom) nextPage();
    fullWidth(parts.closing);
  }
  return pages;
}
