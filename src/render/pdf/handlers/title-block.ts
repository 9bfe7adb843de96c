import type { TitleBlock } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** The title block: organizations, title, subtitle and meta lines above an accent rule. */
export function titleBlock(node: TitleBlock, context: BuildContext): Built {
  const type = context.type;
  const body = type.body.size;
  const children = context.blocks(node.children);
  const decoration = {
    padding: { top: body * 1.2, right: 0, bottom: body * 1.4, left: 0 },
    topRule: { color: type.colors.primary, width: 5, length: body * 4 },
    bottomRule: { color: type.colors.accent, width: 1.5 },
  };
  return { kind: 'flow', flow: [stackFlowable(children, decoration, { before: 0, after: body * 1.2 })] };
}
