import { Paragraph, TableCell, TableRow } from 'docx';
import type { TableRow as DocTableRow } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { StyleId } from '../styles.js';

/** A table row; the header row is marked so Word repeats it. Short rows are padded to a rectangular grid. */
export function tableRow(node: DocTableRow, context: DocxContext): Rendered {
  const row = context.row ?? { header: false, align: [], columns: node.children.length };
  const cells: TableCell[] = [];
  node.children.forEach((cell, column) => {
    const rendered = context.session.render(cell, { ...context, row: undefined, cell: { header: row.header, align: row.align[column] ?? null } });
    if (rendered.kind !== 'cells') throw new Error(`tableCell rendered as ${rendered.kind}`);
    cells.push(...rendered.items);
  });
  while (cells.length < row.columns) cells.push(new TableCell({ children: [new Paragraph({ style: StyleId.tableText })] }));
  return { kind: 'rows', items: [new TableRow({ tableHeader: row.header, cantSplit: true, children: cells })] };
}
