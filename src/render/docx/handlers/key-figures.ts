import { Table, TableRow, WidthType } from 'docx';
import type { KeyFigures } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks } from '../flow.js';
import { StyleId } from '../styles.js';

/** Share of the text width given to the value column. */
const VALUE_COLUMN = 0.28;

/**
 * The key figures as a two-column table, value | label, one row per figure.
 * There is no header row: the Doc has no column labels to put in one.
 */
export function keyFigures(node: KeyFigures, context: DocxContext): Rendered {
  const width = Math.round(context.session.textArea.width * 20);
  const valueWidth = Math.round(width * VALUE_COLUMN);
  const rows: TableRow[] = [];
  for (const figure of node.children) {
    const rendered = context.session.render(figure, { ...context, row: { header: false, align: [], columns: 2 } });
    if (rendered.kind !== 'rows') throw new Error(`keyFigure rendered as ${rendered.kind}`);
    rows.push(...rendered.items);
  }
  if (rows.length === 0) return blocks();
  return blocks(
    new Table({
      style: StyleId.keyFiguresTable,
      width: { size: width, type: WidthType.DXA },
      columnWidths: [valueWidth, width - valueWidth],
      rows,
    }),
  );
}
