import type { InlineCode } from '../../../doc/types.js';
import type { BuildContext, Built } from '../context.js';

/** A code span: the monospace face. */
export function inlineCode(node: InlineCode, context: BuildContext): Built {
  return { kind: 'spans', spans: [{ ...context.span(node.value), mono: true }] };
}
