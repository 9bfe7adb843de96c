import type { KeyFigures } from '../../../doc/types.js';
import { rowArranged, stackFlowable, type Flowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** Boxes no narrower than this (points) when the column is narrow. */
const MIN_TILE_WIDTH = 110;

/** The key-figure grid (`L`): up to four equal boxes a row, wrapping, never split. */
export function keyFigures(node: KeyFigures, context: BuildContext): Built {
  const type = context.type;
  const gap = type.body.size * 0.9;
  const tiles = context.within(context.tag('L')).with({ inKeyFigures: true }).blocks(node.children);
  const grid: Flowable = {
    spaceBefore: type.body.size * 0.4,
    spaceAfter: type.body.size * 1.2,
    keepWithNext: false,
    arrange(width, painter) {
      const perRow = Math.max(1, Math.min(4, tiles.length, Math.floor((width + gap) / (MIN_TILE_WIDTH + gap))));
      const tileWidth = (width - gap * (perRow - 1)) / perRow;
      const rows: Flowable[] = [];
      for (let start = 0; start < tiles.length; start += perRow) {
        const chunk = tiles.slice(start, start + perRow);
        rows.push({
          spaceBefore: gap,
          spaceAfter: gap,
          keepWithNext: false,
          arrange: (_w, p) => rowArranged(chunk.map((tile, i) => ({ arranged: tile.arrange(tileWidth, p), offset: i * (tileWidth + gap) }))),
        });
      }
      return stackFlowable(rows).arrange(width, painter);
    },
  };
  return { kind: 'flow', flow: [grid] };
}
