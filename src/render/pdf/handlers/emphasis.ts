import type { Emphasis } from '../../../doc/types.js';
import type { BuildContext, Built } from '../context.js';

/** Emphasis: toggles the slant, so emphasis inside italic text comes out upright. */
export function emphasis(node: Emphasis, context: BuildContext): Built {
  const inline = context.scope.inline;
  return { kind: 'spans', spans: context.with({ inline: { ...inline, italic: !inline.italic } }).spans(node.children) };
}
