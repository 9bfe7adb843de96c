import type { ThematicBreak } from '../../../doc/types.js';
import { fixedFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** A thematic break: a thin muted rule across the column (an artifact). */
export function thematicBreak(_node: ThematicBreak, context: BuildContext): Built {
  const type = context.type;
  const space = type.body.size * 1.2;
  return {
    kind: 'flow',
    flow: [fixedFlowable({ before: space, after: space }, () => 0.75, (painter, x, y, width) => painter.artifact(() => painter.fillRect(x, y, width, 0.75, type.colors.muted)))],
  };
}
