import type { Strong } from '../../../doc/types.js';
import type { BuildContext, Built } from '../context.js';

/** Strong emphasis: the bold face. */
export function strong(node: Strong, context: BuildContext): Built {
  return { kind: 'spans', spans: context.with({ inline: { ...context.scope.inline, bold: true } }).spans(node.children) };
}
