import type { Heading } from '../../../doc/types.js';
import { stackFlowable, textFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/**
 * A heading (`H1`–`H4`), kept with the block after it. Depth 1 is the title;
 * depth 2 gets an accent bar above it and a bookmark; inside the closing
 * block and asides headings step down one size.
 */
export function heading(node: Heading, context: BuildContext): Built {
  const type = context.type;
  const tag = context.tag(`H${node.depth}`);
  const spans = context.spans(node.children);
  const depth = context.scope.compactHeadings && node.depth >= 2 ? Math.min(4, node.depth + 1) : node.depth;
  const body = type.body.size;
  const plain = spans.map((s) => (s.hardBreak ? ' ' : s.text)).join('').replace(/\s+/g, ' ').trim();
  const bookmark = node.depth === 2 && plain !== '' ? plain : undefined;
  if (depth === 1) return { kind: 'flow', flow: [textFlowable(spans, type.title, { before: body * 0.4, after: body * 0.7, keepWithNext: true, tag })] };
  if (depth === 2) {
    const bar = { padding: { top: body * 0.75, right: 0, bottom: 0, left: 0 }, topRule: { color: type.colors.accent, width: 2.5, length: body * 2.4 } };
    const text = textFlowable(spans, type.heading2, { before: 0, after: 0, tag, ...(bookmark ? { bookmark } : {}) });
    return { kind: 'flow', flow: [stackFlowable([text], bar, { before: body * 1.6, after: body * 0.55, keepWithNext: true })] };
  }
  const style = depth === 3 ? type.heading3 : type.heading4;
  return { kind: 'flow', flow: [textFlowable(spans, style, { before: body * 1.1, after: body * 0.35, keepWithNext: true, tag, ...(bookmark ? { bookmark } : {}) })] };
}
