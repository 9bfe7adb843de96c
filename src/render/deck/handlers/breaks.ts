import type { PageBreak, ThematicBreak } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';

/** A thematic break ends the slide. */
export function thematicBreak(_node: ThematicBreak, builder: DeckBuilder): void {
  builder.slideBreak();
}

/** A page break ends the slide. */
export function pageBreak(_node: PageBreak, builder: DeckBuilder): void {
  builder.slideBreak();
}
