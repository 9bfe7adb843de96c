import { AlignmentType, Paragraph, TableCell } from 'docx';
import type { Align, TableCell as DocTableCell } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { renderInlines } from '../flow.js';
import { StyleId } from '../styles.js';

const ALIGNMENTS = {
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  center: AlignmentType.CENTER,
} as const;

function alignmentOf(align: Align): (typeof ALIGNMENTS)[keyof typeof ALIGNMENTS] | undefined {
  return align === null ? undefined : ALIGNMENTS[align];
}

/** A table cell: one paragraph in the Table Heading or Table Text style, aligned as its column. */
export function tableCell(node: DocTableCell, context: DocxContext): Rendered {
  const placement = context.cell ?? { header: false, align: null };
  const paragraph = new Paragraph({
    style: placement.header ? StyleId.tableHeading : StyleId.tableText,
    alignment: alignmentOf(placement.align),
    children: renderInlines(node.children, { ...context, cell: undefined }),
  });
  return { kind: 'cells', items: [new TableCell({ children: [paragraph] })] };
}
