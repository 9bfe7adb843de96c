import type { TableCell } from '../../../doc/types.js';
import type { BuildContext, Built } from '../context.js';

/** A table cell: its inline content. */
export function tableCell(node: TableCell, context: BuildContext): Built {
  return { kind: 'spans', spans: context.spans(node.children) };
}
