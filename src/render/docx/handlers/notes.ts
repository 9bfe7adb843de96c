import type { Notes } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';

/** Notes (the briefing template's lines to take): rendered in place like any other content. */
export function notes(node: Notes, context: DocxContext): Rendered {
  return blocks(...renderBlocks(node.children, context));
}
