import type { Text } from '../../../doc/types.js';
import type { BuildContext, Built } from '../context.js';

/** Literal text: one span with the emphasis in force, drawn exactly as written. */
export function text(node: Text, context: BuildContext): Built {
  return { kind: 'spans', spans: [context.span(node.value)] };
}
