import type { Blockquote } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';

/** Each paragraph of a block quote is a quoted line on the slide; other blocks are laid out as usual. */
export function blockquote(node: Blockquote, builder: DeckBuilder): void {
  for (const child of node.children) {
    if (child.type === 'paragraph') builder.addFittedLine({ kind: 'blockquote', text: child.children });
    else builder.flow([child]);
  }
}
