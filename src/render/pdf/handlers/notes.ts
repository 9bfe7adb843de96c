import type { Notes } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/**
 * Notes (lines to take, speaker notes; a `Div`): a fact sheet rarely carries
 * them, but nothing is dropped; they become an aside in a dashed frame,
 * labelled by their own heading.
 */
export function notes(node: Notes, context: BuildContext): Built {
  const type = context.type;
  const body = type.body.size;
  const children = context.within(context.tag('Div')).with({ compactHeadings: true }).blocks(node.children);
  const decoration = { padding: { top: body * 0.9, right: body, bottom: body * 0.6, left: body }, outline: { color: type.colors.muted, width: 0.75, dash: 3 } };
  return { kind: 'flow', flow: [stackFlowable(children, decoration, { before: body, after: body * 1.4 })] };
}
