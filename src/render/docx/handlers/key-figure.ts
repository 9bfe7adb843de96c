import { Paragraph, TableCell, TableRow, TextRun } from 'docx';
import type { KeyFigure } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { StyleId } from '../styles.js';

/** One key figure: a table row with the value (Key Figure Value style) and its label. */
export function keyFigure(node: KeyFigure, context: DocxContext): Rendered {
  const { session } = context;
  const value = new Paragraph({ style: StyleId.keyFigureValue, children: [new TextRun(session.text(node.value))] });
  const label = new Paragraph({ style: StyleId.keyFigureLabel, children: [new TextRun(session.text(node.label))] });
  return {
    kind: 'rows',
    items: [new TableRow({ cantSplit: true, children: [new TableCell({ children: [value] }), new TableCell({ children: [label] })] })],
  };
}
