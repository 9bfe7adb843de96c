import { markingText, type ThemeMarking } from '../../doc/theme.js';
import type { DocMeta } from '../../doc/types.js';
import { splitGraphemes } from './fonts.js';
import type { BodyArea } from './paginate.js';
import type { Painter } from './painter.js';
import type { TextStyle } from './styles.js';
import { breakLines, drawLines, type Line } from './text.js';

/** Nothing is drawn closer than this to the paper edge (points). */
export const EDGE_CLEARANCE = 18;

function oneLine(painter: Painter, text: string, style: TextStyle): Line {
  const lines = breakLines(painter, [{ text, bold: false, italic: false, mono: false }], style, Number.MAX_SAFE_INTEGER);
  return lines[0] ?? { pieces: [], width: 0 };
}

// The footer's short title is fitted once per document, not once per page.
const fittedLines = new WeakMap<Painter, Map<string, Line>>();

/** Shortens text with an ellipsis (between grapheme clusters) until it fits on one line of `width`. */
export function fitOneLine(painter: Painter, text: string, style: TextStyle, width: number): Line {
  let known = fittedLines.get(painter);
  if (!known) fittedLines.set(painter, (known = new Map()));
  const key = `${width}\u0000${JSON.stringify(style)}\u0000${text}`;
  let fitted = known.get(key);
  if (!fitted) known.set(key, (fitted = fitLine(painter, text, style, width)));
  return fitted;
}

function fitLine(painter: Painter, text: string, style: TextStyle, width: number): Line {
  let line = oneLine(painter, text, style);
  if (line.width <= width) return line;
  const clusters = splitGraphemes(text);
  let low = 0;
  let high = clusters.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (oneLine(painter, `${clusters.slice(0, mid).join('').trimEnd()}\u2026`, style).width <= width) low = mid;
    else high = mid - 1;
  }
  line = oneLine(painter, `${clusters.slice(0, low).join('').trimEnd()}\u2026`, style);
  return line;
}

/**
 * Draws the running furniture of one page as pagination artifacts: the marking
 * centred at the top (unless the page's header band shows it) and a footer
 * with the short title and "Page n of m" under a hairline — and, when the
 * theme puts the marking top and bottom, the marking centred in the footer.
 */
export function drawFurniture(painter: Painter, meta: DocMeta, marking: ThemeMarking, area: BodyArea, pageHeight: number, page: number, pages: number, markingInBand: boolean): void {
  painter.artifact(() => furniture(painter, meta, marking, area, pageHeight, page, pages, markingInBand), 'Pagination');
}

function furniture(painter: Painter, meta: DocMeta, markingStyle: ThemeMarking, area: BodyArea, pageHeight: number, page: number, pages: number, markingInBand: boolean): void {
  const type = painter.type;
  const style = type.furniture;
  const marking = meta.marking === undefined ? undefined : markingText({ marking: markingStyle }, meta.marking);
  if (marking && !markingInBand) {
    const top = Math.max(EDGE_CLEARANCE, area.y - type.marking.leading - 14);
    drawLines(painter, [fitOneLine(painter, marking, type.marking, area.width)], type.marking, area.x, top, area.width);
  }
  const ruleY = area.y + area.height + 12;
  painter.fillRect(area.x, ruleY, area.width, 0.5, type.colors.muted);
  const textTop = Math.min(ruleY + 4, pageHeight - EDGE_CLEARANCE - style.leading);
  const counter = meta.labels.pageOf.replace(/\{page\}/g, String(page)).replace(/\{pages\}/g, String(pages));
  const right = { ...style, align: 'right' as const };
  const counterLine = fitOneLine(painter, counter, right, area.width / 2);
  drawLines(painter, [counterLine], right, area.x, textTop, area.width);
  let titleWidth = area.width - counterLine.width - style.size * 2;
  if (marking && markingStyle.position === 'top-and-bottom') {
    // The marking sits centred in the footer line; the short title yields to it.
    const markingLine = fitOneLine(painter, marking, type.marking, area.width / 3);
    drawLines(painter, [markingLine], type.marking, area.x, textTop, area.width);
    titleWidth = Math.min(titleWidth, (area.width - markingLine.width) / 2 - style.size * 2);
  }
  if (titleWidth > 0) drawLines(painter, [fitOneLine(painter, meta.title, style, titleWidth)], style, area.x, textTop, titleWidth);
}
