import type { Closing } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';
import { plainText } from '../text.js';

/**
 * The closing block gets a closing slide titled by its headings joined
 * ("Sources · Contact"); with more than one heading, each also heads its part
 * of the slide. Without headings it continues the section before it.
 */
export function closing(node: Closing, builder: DeckBuilder): void {
  const headings = node.children.flatMap((c) => (c.type === 'heading' ? [plainText(c.children)] : []));
  if (headings.length > 0) builder.startSection(headings.join(' · '), 'closing');
  else builder.continueSection('closing');
  for (const child of node.children) {
    if (child.type === 'heading') {
      if (headings.length > 1) builder.addLine({ kind: 'subheading', text: plainText(child.children) });
    } else {
      builder.flow([child]);
    }
  }
  builder.slideBreak();
}
