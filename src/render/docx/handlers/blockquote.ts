import type { Blockquote } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';
import { StyleId } from '../styles.js';

/** A Markdown block quote: its paragraphs in the Quote style. */
export function blockquote(node: Blockquote, context: DocxContext): Rendered {
  return blocks(...renderBlocks(node.children, { ...context, paragraphStyle: StyleId.quote }));
}
