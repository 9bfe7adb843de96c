import { Table, TableRow, WidthType } from 'docx';
import type { Table as DocTable } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks } from '../flow.js';
import { StyleId } from '../styles.js';

/** A table across the text width with equal columns; its first row is a header row, repeated on every page. */
export function table(node: DocTable, context: DocxContext): Rendered {
  const columns = Math.max(1, node.align.length, ...node.children.map((row) => row.children.length));
  const width = Math.round(context.session.textArea.width * 20);
  const column = Math.floor(width / columns);
  const rows: TableRow[] = [];
  node.children.forEach((row, index) => {
    const rendered = context.session.render(row, { ...context, row: { header: index === 0, align: node.align, columns } });
    if (rendered.kind !== 'rows') throw new Error(`tableRow rendered as ${rendered.kind}`);
    rows.push(...rendered.items);
  });
  return blocks(
    new Table({
      style: StyleId.table,
      width: { size: width, type: WidthType.DXA },
      columnWidths: Array.from({ length: columns }, (_v, i) => (i === columns - 1 ? width - column * (columns - 1) : column)),
      tableLook: { firstRow: true, lastRow: false, firstColumn: false, lastColumn: false, noHBand: true, noVBand: true },
      rows,
    }),
  );
}
