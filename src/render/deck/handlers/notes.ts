import type { Notes } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';
import { blocksToNoteLines } from '../text.js';

/** Notes (lines to take) become speaker notes of the current slide. */
export function notes(node: Notes, builder: DeckBuilder): void {
  builder.addNotes(blocksToNoteLines(node.children));
}
