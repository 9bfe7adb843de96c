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
}

// Fills one frame from `rest`; returns what is left. A frame that takes
// nothing by the rules is retried with `force` only when it is empty.
function fillFrame(rest: Arranged, frame: BodyArea, fresh: boolean, page: PagePlan): { rest: Arranged | undefined; used: number } {
  const split = rest.split(frame.height, false) ?? (fresh ? rest.split(frame.height, true) : undefined);
  if (!split) return { rest, used: 0 };
  page.placements.push({ arranged: split.head, x: frame.x, y: frame.y });
  return { rest: split.tail, used: split.head.height };
}

/**
 * Lays the header full width at the top of the first page, then flows the
 * body through the columns of as many pages as it needs.
 */
export function paginate(header: Flowable[], body: Flowable[], geometry: FlowGeometry, painter: Painter): PagePlan[] {
  const { area } = geometry;
  const pages: PagePlan[] = [{ placements: [] }];
  let top = area.y;
  let guard = 0;
  const nextPage = (): void => {
    pages.push({ placements: [] });
    top = area.y;
    if (++guard > 100_000) throw new RenderError('pagination did not converge');
  };

  let rest: Arranged | undefined = header.length > 0 ? stackFlowable(header).arrange(area.width, painter) : undefined;
  while (rest) {
    const frame = { x: area.x, y: top, width: area.width, height: area.y + area.height - top };
    const filled = fillFrame(rest, frame, top === area.y, pages[pages.length - 1]!);
    top += filled.used;
    rest = filled.rest;
    if (rest) nextPage();
  }
  if (header.length > 0) top += geometry.headerGap;

  const columnWidth = (area.width - geometry.columnGap * (geometry.columns - 1)) / geometry.columns;
  rest = body.length > 0 ? stackFlowable(body).arrange(columnWidth, painter) : undefined;
  while (rest) {
    const page = pages[pages.length - 1]!;
    for (let column = 0; column < geometry.columns && rest; column++) {
      const frame = { x: area.x + column * (columnWidth + geometry.columnGap), y: top, width: columnWidth, height: area.y + area.height - top };
      if (frame.height <= 0) continue;
      rest = fillFrame(rest, frame, top === area.y, page).rest;
    }
    if (rest) nextPage();
  }
  return pages;
}
