import type { Blockquote } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** A Markdown block quote (`BlockQuote`): indented, muted italic text behind a thin rule. */
export function blockquote(node: Blockquote, context: BuildContext): Built {
  const type = context.type;
  const children = context.within(context.tag('BlockQuote')).with({ text: type.blockquote }).blocks(node.children);
  const decoration = { padding: { top: 2, right: 0, bottom: 2, left: type.body.size * 1.2 }, leftRule: { color: type.colors.muted, width: 1.5 } };
  return { kind: 'flow', flow: [stackFlowable(children, decoration, { before: type.body.size * 0.3, after: type.paragraphGap })] };
}
