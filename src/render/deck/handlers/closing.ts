import type { Closing } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';
import { plainText } from '../text.js';

/**
 * The closing block gets a closing slide titled by its headings joined
 * ("Sources · Contact"); with more than one heading, each also heads its part
 * of the slide.
 */
export function closing(node: Closing, builder: DeckBuilder): void {
  const headings = node.children.flatMap((c) => (c.type === 'heading' ? [plainText(c.children)] : []));
  const title = headings.length > 0 ? headings.join(' · ') : `${builder.sectionTitle} ${builder.meta.labels.continued}`;
  builder.startSection(title, 'closing');
  for (const child of node.children) {
    if (child.type === 'heading') {
      if (headings.length > 1) builder.addLine({ kind: 'subheading', text: plainText(child.children) });
    } else {
      builder.flow([child]);
    }
  }
  builder.slideBreak();
}
