import type { PageBreak } from '../../../doc/types.js';
import { emptyArranged } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

/** A forced page break: the next block starts a new page (or column). */
export function pageBreak(_node: PageBreak, _context: BuildContext): Built {
  return { kind: 'flow', flow: [{ spaceBefore: 0, spaceAfter: 0, keepWithNext: false, pageBreak: true, arrange: () => emptyArranged() }] };
}
