import { TextRun } from 'docx';
import type { Break } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { inlines } from '../flow.js';

/** A hard line break inside the paragraph. */
export function lineBreak(_node: Break, _context: DocxContext): Rendered {
  return inlines(new TextRun({ break: 1 }));
}
