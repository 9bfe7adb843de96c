import type { Break } from '../../../doc/types.js';
import type { BuildContext, Built } from '../context.js';

/** A hard line break inside a paragraph. */
export function lineBreak(_node: Break, context: BuildContext): Built {
  return { kind: 'spans', spans: [{ ...context.span(''), hardBreak: true }] };
}
