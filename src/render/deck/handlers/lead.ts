import type { Lead } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';

/** The lead (summary) is laid out like any other text: short paragraphs as lines, long ones as notes. */
export function lead(node: Lead, builder: DeckBuilder): void {
  builder.flow(node.children);
}
