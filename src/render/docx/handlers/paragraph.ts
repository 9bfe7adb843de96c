import { Paragraph } from 'docx';
import type { Paragraph as DocParagraph } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderInlines } from '../flow.js';
import { ROLE_STYLES } from '../styles.js';

/** A paragraph in its role's style, or in the style of where it stands (Normal, Lead, Quote, a table cell …). */
export function paragraph(node: DocParagraph, context: DocxContext): Rendered {
  const style = node.role ? ROLE_STYLES[node.role] : context.paragraphStyle;
  return blocks(new Paragraph({ style, children: renderInlines(node.children, context) }));
}
