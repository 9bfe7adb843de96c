import type { TitleBlock } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';

/** The title block: its heading and role paragraphs, each in its own style. */
export function titleBlock(node: TitleBlock, context: DocxContext): Rendered {
  return blocks(...renderBlocks(node.children, context));
}
