import type { Lead } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** The lead: the summary set larger than body text, full width under the title. */
export function lead(node: Lead, context: BuildContext): Built {
  const type = context.type;
  const children = context.with({ text: type.lead }).blocks(node.children);
  return { kind: 'flow', flow: [stackFlowable(children, {}, { before: type.body.size * 0.4, after: type.body.size * 1.0 })] };
}
