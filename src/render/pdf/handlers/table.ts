import { RenderError } from '../../types.js';
import type { Table } from '../../../doc/types.js';
import { rowArranged, stackFlowable, textFlowable, type Flowable } from '../layout.js';
import { naturalWidth, type Span } from '../text.js';
import type { TextStyle } from '../styles.js';
import { where, type BuildContext, type Built } from '../context.js';

/** A simple ruled table (`Table`, `TR`, `TH` with column scope, `TD`): a bold header row, hairlines between rows, splits between rows. */
export function table(node: Table, context: BuildContext): Built {
  const type = context.type;
  const rows = node.children.map((row) => {
    const built = context.build(row);
    if (built.kind !== 'row') throw new RenderError(`a table may only contain rows${where(row)}`);
    return built.cells;
  });
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const tableScope = context.within(context.tag('Table'));
  const cellTags = rows.map((cells, r) => {
    const row = tableScope.within(tableScope.tag('TR'));
    return Array.from({ length: columns }, () => (r === 0 ? row.tag('TH', { scope: 'Column' }) : row.tag('TD')));
  });
  const padX = type.body.size * 0.6;
  const padY = type.body.size * 0.35;
  const styleOf = (row: number, column: number): TextStyle => ({ ...(row === 0 ? type.tableHeader : type.tableCell), align: node.align[column] ?? 'left' });
  const flowable: Flowable = {
    spaceBefore: type.body.size * 0.4,
    spaceAfter: type.paragraphGap * 1.4,
    keepWithNext: false,
    arrange(width, painter) {
      // Columns get their natural widths, scaled to fill the column of text.
      const natural = Array.from({ length: columns }, (_, c) =>
        Math.max(type.body.size * 2, ...rows.map((cells, r) => naturalWidth(painter, cells[c] ?? [], styleOf(r, c)).max + 2 * padX)),
      );
      const total = natural.reduce((a, b) => a + b, 0);
      const widths = natural.map((w) => (w / total) * width);
      const rowFlowables = rows.map((cells, r): Flowable => ({
        spaceBefore: 0,
        spaceAfter: 0,
        keepWithNext: r === 0 && rows.length > 1,
        arrange(rowWidth, p) {
          let offset = 0;
          const arranged = widths.map((w, c) => {
            const spans: Span[] = cells[c] ?? [];
            const rule = r === 0 ? { color: type.colors.primary, width: 1.2 } : { color: type.colors.muted, width: 0.4 };
            const cell = stackFlowable([textFlowable(spans, styleOf(r, c), { before: 0, after: 0, tag: cellTags[r]![c]! })], { padding: { top: padY, right: padX, bottom: padY + rule.width, left: padX }, bottomRule: rule, ...(r === 0 ? { fill: type.colors.surface } : {}) });
            const result = { arranged: cell.arrange(w * (rowWidth / width), p), offset };
            offset += w * (rowWidth / width);
            return result;
          });
          return rowArranged(arranged);
        },
      }));
      return stackFlowable(rowFlowables).arrange(width, painter);
    },
  };
  return { kind: 'flow', flow: [flowable] };
}
