import type { Closing } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** The closing block (sources, contact): a tinted panel under an accent rule, headings one step smaller. */
export function closing(node: Closing, context: BuildContext): Built {
  const type = context.type;
  const body = type.body.size;
  const children = context.with({ compactHeadings: true }).blocks(node.children);
  const pad = body * 1.4;
  const decoration = { padding: { top: pad, right: pad, bottom: pad * 0.6, left: pad }, fill: type.colors.surface, topRule: { color: type.colors.accent, width: 2 } };
  return { kind: 'flow', flow: [stackFlowable(children, decoration, { before: body * 2, after: 0 })] };
}
