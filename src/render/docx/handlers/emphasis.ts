import type { Emphasis } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { inlines, renderInlines } from '../flow.js';

/** Emphasis: its children in italics. */
export function emphasis(node: Emphasis, context: DocxContext): Rendered {
  return inlines(...renderInlines(node.children, { ...context, run: { ...context.run, italics: true } }));
}
