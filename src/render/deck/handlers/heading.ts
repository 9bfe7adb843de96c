import type { Heading } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';
import { plainText } from '../text.js';

/** A heading of any depth starts a slide titled by it (Pandoc's slide level 2, with 3 and 4 too). */
export function heading(node: Heading, builder: DeckBuilder): void {
  builder.startSection(plainText(node.children).replace(/\s+/gu, ' ').trim());
}
