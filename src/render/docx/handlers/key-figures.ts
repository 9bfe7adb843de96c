import { Table, TableRow, WidthType } from 'docx';
import type { KeyFigures, TableRow as DocTableRow } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks } from '../flow.js';
import { StyleId } from '../styles.js';

/** Share of the text width given to the value column. */
const VALUE_COLUMN = 0.28;

/** The header row of the key-figures table: the column labels the template set supplies, in the item's language. */
function headerRow(context: DocxContext): DocTableRow {
  const { keyFigureValue, keyFigureLabel } = context.session.doc.meta.labels;
  return {
    type: 'tableRow',
    children: [keyFigureValue, keyFigureLabel].map((value) => ({ type: 'tableCell' as const, children: [{ type: 'text' as const, value }] })),
  };
}

/**
 * The key figures as a two-column Word table, value | label, one row per
 * figure, under a header row marked as such (repeated on a new page, read
 * as the table head by Pandoc and screen readers).
 */
export function keyFigures(node: KeyFigures, context: DocxContext): Rendered {
  if (node.children.length === 0) return blocks();
  const width = Math.round(context.session.textArea.width * 20);
  const valueWidth = Math.round(width * VALUE_COLUMN);
  const rows: TableRow[] = [];
  const header = context.session.render(headerRow(context), { ...context, row: { header: true, align: [], columns: 2 } });
  if (header.kind !== 'rows') throw new Error(`tableRow rendered as ${header.kind}`);
  rows.push(...header.items);
  for (const figure of node.children) {
    const rendered = context.session.render(figure, { ...context, row: { header: false, align: [], columns: 2 } });
    if (rendered.kind !== 'rows') throw new Error(`keyFigure rendered as ${rendered.kind}`);
    rows.push(...rendered.items);
  }
  return blocks(
    new Table({
      style: StyleId.keyFiguresTable,
      width: { size: width, type: WidthType.DXA },
      columnWidths: [valueWidth, width - valueWidth],
      tableLook: { firstRow: true, lastRow: false, firstColumn: false, lastColumn: false, noHBand: true, noVBand: true },
      rows,
    }),
  );
}
