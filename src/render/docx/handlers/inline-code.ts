import type { InlineCode } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { inlines, textRuns } from '../flow.js';
import { StyleId } from '../styles.js';

/** A code span in the Code Char style (inside a link it keeps the link's style). */
export function inlineCode(node: InlineCode, context: DocxContext): Rendered {
  const style = context.run.style ?? StyleId.codeChar;
  return inlines(...textRuns(node.value, { ...context, run: { ...context.run, style } }));
}
