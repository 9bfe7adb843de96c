import type { Heading } from '../../../doc/types.js';
import { stackFlowable, textFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/**
 * A heading, kept with the block after it. Depth 1 is the title; depth 2 gets
 * an accent bar above it; inside the closing block and asides headings step
 * down one size.
 */
export function heading(node: Heading, context: BuildContext): Built {
  const type = context.type;
  const spans = context.spans(node.children);
  const depth = context.scope.compactHeadings && node.depth >= 2 ? Math.min(4, node.depth + 1) : node.depth;
  const body = type.body.size;
  if (depth === 1) return { kind: 'flow', flow: [textFlowable(spans, type.title, { before: body * 0.4, after: body * 0.6, keepWithNext: true })] };
  if (depth === 2) {
    const bar = { padding: { top: body * 0.8, right: 0, bottom: 0, left: 0 }, topRule: { color: type.colors.accent, width: 2.5, length: body * 2.8 } };
    return { kind: 'flow', flow: [stackFlowable([textFlowable(spans, type.heading2, { before: 0, after: 0 })], bar, { before: body * 1.8, after: body * 0.6, keepWithNext: true })] };
  }
  const style = depth === 3 ? type.heading3 : type.heading4;
  return { kind: 'flow', flow: [textFlowable(spans, style, { before: body * 1.2, after: body * 0.4, keepWithNext: true })] };
}
