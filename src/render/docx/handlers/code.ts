import { Paragraph } from 'docx';
import type { Code } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, textRuns } from '../flow.js';
import { StyleId } from '../styles.js';

/** A code block: one Code-style paragraph, its lines separated by line breaks, spaces kept. */
export function code(node: Code, context: DocxContext): Rendered {
  const runs = textRuns(node.value, { ...context, run: {} }, true);
  return blocks(new Paragraph({ style: StyleId.code, children: runs }));
}
