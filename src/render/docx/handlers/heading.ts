import { Paragraph } from 'docx';
import type { Heading } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderInlines } from '../flow.js';
import { StyleId } from '../styles.js';

/** Depth 1 is the document title; Doc depths 2–4 are Word's Heading 1–3, since the title takes Word's top level. */
const HEADING_STYLES = {
  1: StyleId.title,
  2: StyleId.heading1,
  3: StyleId.heading2,
  4: StyleId.heading3,
} as const;

/** A heading in the Title or Heading 1–3 style. */
export function heading(node: Heading, context: DocxContext): Rendered {
  return blocks(new Paragraph({ style: HEADING_STYLES[node.depth], children: renderInlines(node.children, context) }));
}
