import type { Closing } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** The closing block (`Sect`: sources, contact): a tinted panel under an accent rule, headings one step smaller. */
export function closing(node: Closing, context: BuildContext): Built {
  const type = context.type;
  const body = type.body.size;
  const children = context.within(context.tag('Sect')).with({ compactHeadings: true }).blocks(node.children);
  const pad = body * 1.2;
  const decoration = { padding: { top: pad * 0.8, right: pad, bottom: pad * 0.5, left: pad }, fill: type.colors.surface, topRule: { color: type.colors.accent, width: 2 } };
  return { kind: 'flow', flow: [stackFlowable(children, decoration, { before: body * 1.6, after: 0 })] };
}
