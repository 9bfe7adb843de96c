import type { Quote } from '../../../doc/types.js';
import type { DeckQuote } from '../model.js';
import type { DeckBuilder } from '../builder.js';
import { blocksToNoteLines, countWords } from '../text.js';

/** Quotes longer than this many words are shortened on the slide, with the full text in the notes. */
const MAX_QUOTE_WORDS = 60;

/** A pull quote gets a quote slide; two short ones may share one. */
export function quote(node: Quote, builder: DeckBuilder): void {
  const full = blocksToNoteLines(node.children).join('\n');
  const long = countWords(full) > MAX_QUOTE_WORDS || [...full].length > MAX_QUOTE_WORDS * 8;
  const words = full.split(/(\s+)/u);
  const text = long ? `${[...words.slice(0, 2 * MAX_QUOTE_WORDS - 10).join('').trimEnd()].slice(0, MAX_QUOTE_WORDS * 6).join('')}…` : full;
  const deckQuote: DeckQuote = { text, speaker: node.speaker };
  if (node.role) deckQuote.role = node.role;
  builder.addQuote(deckQuote, long ? full : undefined);
}
