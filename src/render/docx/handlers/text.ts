import type { Text } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { inlines, textRuns } from '../flow.js';

/** Literal text in the inherited formatting; nothing in it is interpreted. */
export function text(node: Text, context: DocxContext): Rendered {
  return inlines(...textRuns(node.value, context));
}
