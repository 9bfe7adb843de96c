import type { List } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** A bulleted or numbered list (`L`): items with hanging indents, nested lists indented further. */
export function list(node: List, context: BuildContext): Built {
  const style = context.scope.text;
  const depth = context.scope.listDepth;
  const last = node.start + node.children.length - 1;
  // The marker column fits the widest number (digits are about 0.6 em wide).
  const indent = node.ordered ? Math.max(context.type.listIndent, (String(last).length + 1) * 0.6 * style.size + style.size * 0.6) : context.type.listIndent;
  const inner = context.within(context.tag('L'));
  const items = node.children.flatMap((item, i) => inner.with({ list: { ordered: node.ordered, number: node.start + i, depth, indent }, listDepth: depth + 1 }).blocks([item]));
  const body = context.type.body.size;
  const nested = depth > 0;
  return { kind: 'flow', flow: [stackFlowable(items, {}, { before: nested ? body * 0.25 : 0, after: nested ? body * 0.25 : context.type.paragraphGap, keepWithNext: false })] };
}
