import type { Strong } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { inlines, renderInlines } from '../flow.js';

/** Strong emphasis: its children in bold. */
export function strong(node: Strong, context: DocxContext): Rendered {
  return inlines(...renderInlines(node.children, { ...context, run: { ...context.run, bold: true } }));
}
