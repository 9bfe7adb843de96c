import { RenderError } from '../../types.js';
import type { Table, TableCell, TableRow } from '../../../doc/types.js';
import { MAX_BODY_LINES } from '../model.js';
import type { DeckBuilder } from '../builder.js';

/** A table gets slides of its own, at most `MAX_BODY_LINES` body rows each, the header row repeated. */
export function table(node: Table, builder: DeckBuilder): void {
  const [head, ...rows] = node.children.map((row) => row.children.map((cell) => cell.children));
  const header = head ?? [];
  if (rows.length === 0) {
    builder.addSlide({ kind: 'table', align: node.align, header, rows: [] });
    return;
  }
  for (let i = 0; i < rows.length; i += MAX_BODY_LINES) {
    builder.addSlide({ kind: 'table', align: node.align, header, rows: rows.slice(i, i + MAX_BODY_LINES) });
  }
}

/** A table row outside a table cannot be placed. */
export function tableRow(_node: TableRow): never {
  throw new RenderError('slides: a table row outside a table cannot be placed on a slide');
}

/** A table cell outside a table row cannot be placed. */
export function tableCell(_node: TableCell): never {
  throw new RenderError('slides: a table cell outside a table cannot be placed on a slide');
}
