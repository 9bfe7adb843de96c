/**
 * The docx handler map: one handler per Doc node type. A node type without a
 * handler here is a compile error.
 */
import type { HandlerMap } from '../../types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blockquote } from './blockquote.js';
import { lineBreak } from './break.js';
import { closing } from './closing.js';
import { code } from './code.js';
import { emphasis } from './emphasis.js';
import { figure } from './figure.js';
import { heading } from './heading.js';
import { inlineCode } from './inline-code.js';
import { keyFigure } from './key-figure.js';
import { keyFigures } from './key-figures.js';
import { lead } from './lead.js';
import { link } from './link.js';
import { listItem } from './list-item.js';
import { list } from './list.js';
import { notes } from './notes.js';
import { pageBreak } from './page-break.js';
import { paragraph } from './paragraph.js';
import { quote } from './quote.js';
import { strong } from './strong.js';
import { tableCell } from './table-cell.js';
import { tableRow } from './table-row.js';
import { table } from './table.js';
import { text } from './text.js';
import { thematicBreak } from './thematic-break.js';
import { titleBlock } from './title-block.js';

/** Every docx handler, keyed by the node type it renders. */
export const handlers: HandlerMap<DocxContext, Rendered> = {
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
