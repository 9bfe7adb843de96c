import type { List } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';
import { MAX_LIST_LEVEL } from '../numbering.js';
import { StyleId } from '../styles.js';

/**
 * A bulleted or numbered list, one level deeper than the enclosing one. Each
 * list is a fresh numbering instance, so numbering restarts at every list.
 */
export function list(node: List, context: DocxContext): Rendered {
  const { session } = context;
  const level = Math.min(context.listLevel + 1, MAX_LIST_LEVEL);
  const numbering = {
    style: node.ordered ? StyleId.listNumber : StyleId.listBullet,
    reference: session.numberingReference(node.ordered, node.start),
    instance: session.nextListInstance(),
    level,
  };
  const itemContext: DocxContext = { ...context, listLevel: level, listItem: numbering };
  return blocks(...renderBlocks(node.children, itemContext));
}
