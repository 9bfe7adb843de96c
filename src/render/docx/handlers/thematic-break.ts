import { Paragraph } from 'docx';
import type { ThematicBreak } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks } from '../flow.js';
import { StyleId } from '../styles.js';

/** A thematic break: an empty paragraph whose style draws a rule under it. */
export function thematicBreak(_node: ThematicBreak, _context: DocxContext): Rendered {
  return blocks(new Paragraph({ style: StyleId.rule }));
}
