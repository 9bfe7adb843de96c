import type { Doc, Node } from '../../doc/types.js';
import { DeckBuilder } from './builder.js';
import { deckHandlers } from './handlers/index.js';
import type { Deck } from './model.js';

/**
 * Builds the slide plan of a document: a pure function, shared by the outline
 * and the pptx writer so that they show the same slides.
 */
export function docToDeck(doc: Doc): Deck {
  const builder = new DeckBuilder(doc.meta, (block, b) => {
    const handle = deckHandlers[block.type] as (node: Node, builder: DeckBuilder) => void;
    handle(block, b);
  });
  builder.flow(doc.children);
  return builder.finish();
}
