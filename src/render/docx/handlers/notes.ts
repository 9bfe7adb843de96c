import type { Block, Notes } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';

/**
 * Notes (the briefing template's lines to take): rendered in place like any
 * other content, under the `notes` label as a sub-heading when they bring no heading of their own.
 */
export function notes(node: Notes, context: DocxContext): Rendered {
  const children: Block[] =
    node.children[0]?.type === 'heading'
      ? node.children
      : [{ type: 'heading', depth: 3, children: [{ type: 'text', value: context.session.doc.meta.labels.notes }] }, ...node.children];
  return blocks(...renderBlocks(children, context));
}
