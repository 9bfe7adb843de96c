import { PageBreak, Paragraph } from 'docx';
import type { PageBreak as DocPageBreak } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks } from '../flow.js';

/** A forced page break. */
export function pageBreak(_node: DocPageBreak, _context: DocxContext): Rendered {
  return blocks(new Paragraph({ children: [new PageBreak()] }));
}
