import type { Lead } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';
import { StyleId } from '../styles.js';

/** The lead: its paragraphs in the Lead style. */
export function lead(node: Lead, context: DocxContext): Rendered {
  return blocks(...renderBlocks(node.children, { ...context, paragraphStyle: StyleId.lead }));
}
