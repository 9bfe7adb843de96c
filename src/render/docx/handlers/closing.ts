import type { Closing } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';

/** The closing block (sources, contact): its children in order. */
export function closing(node: Closing, context: DocxContext): Rendered {
  return blocks(...renderBlocks(node.children, context));
}
