/** The handler map of `docToDeck`: one handler per Doc node type (a missing one is a compile error). */
import type { HandlerMap } from '../../types.js';
import type { DeckBuilder } from '../builder.js';
import { blockquote } from './blockquote.js';
import { pageBreak, thematicBreak } from './breaks.js';
import { closing } from './closing.js';
import { code } from './code.js';
import { figure } from './figure.js';
import { heading } from './heading.js';
import { emphasis, inlineCode, lineBreak, link, strong, text } from './inline.js';
import { keyFigure, keyFigures } from './key-figures.js';
import { lead } from './lead.js';
import { list, listItem } from './list.js';
import { notes } from './notes.js';
import { paragraph } from './paragraph.js';
import { quote } from './quote.js';
import { table, tableCell, tableRow } from './table.js';
import { titleBlock } from './title-block.js';

/** Lays each Doc node type out on slides through the builder. */
export const deckHandlers: HandlerMap<DeckBuilder, void> = {
  text,
  emphasis,
  strong,
  inlineCode,
  link,
  break: lineBreak,
  heading,
  paragraph,
  list,
  listItem,
  blockquote,
  code,
  thematicBreak,
  table,
  tableRow,
  tableCell,
  titleBlock,
  lead,
  keyFigures,
  keyFigure,
  quote,
  figure,
  notes,
  closing,
  pageBreak,
};
