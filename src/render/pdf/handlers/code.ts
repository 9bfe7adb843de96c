import type { Code } from '../../../doc/types.js';
import { stackFlowable, textFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** A code block (`Code`): monospace lines as written, on a tinted panel. */
export function code(node: Code, context: BuildContext): Built {
  const type = context.type;
  const lines = textFlowable([{ text: node.value, bold: false, italic: false, mono: true }], type.code, { before: 0, after: 0, tag: context.tag('Code') });
  const pad = type.body.size * 0.7;
  const decoration = { padding: { top: pad, right: pad, bottom: pad, left: pad }, fill: type.colors.surface };
  return { kind: 'flow', flow: [stackFlowable([lines], decoration, { before: type.body.size * 0.2, after: type.paragraphGap })] };
}
