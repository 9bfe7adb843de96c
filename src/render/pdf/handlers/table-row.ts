import { RenderError } from '../../types.js';
import type { TableRow } from '../../../doc/types.js';
import { where, type BuildContext, type Built } from '../context.js';

/** A table row: the spans of each of its cells, laid out by the table. */
export function tableRow(node: TableRow, context: BuildContext): Built {
  const cells = node.children.map((cell) => {
    const built = context.build(cell);
    if (built.kind !== 'spans') throw new RenderError(`a table row may only contain cells${where(cell)}`);
    return built.spans;
  });
  return { kind: 'row', cells };
}
