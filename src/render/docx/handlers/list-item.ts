import { Paragraph } from 'docx';
import type { ListItem } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks, renderInlines } from '../flow.js';
import { listContinueStyle } from '../styles.js';

/**
 * One list item: its first paragraph carries the number or bullet; the rest
 * of its content follows in the List Continue style of its level.
 */
export function listItem(node: ListItem, context: DocxContext): Rendered {
  const numbering = context.listItem;
  if (!numbering) {
    // A list item outside a list: render it as a one-item bullet list rather than lose its marker.
    return context.session.render({ type: 'list', ordered: false, start: 1, children: [node] }, context);
  }
  const [first, ...rest] = node.children;
  const inner: DocxContext = { ...context, listItem: undefined, paragraphStyle: listContinueStyle(numbering.level) };
  const numbered = new Paragraph({
    style: numbering.style,
    numbering: { reference: numbering.reference, level: numbering.level, instance: numbering.instance },
    children: first?.type === 'paragraph' ? renderInlines(first.children, inner) : [],
  });
  const following = first?.type === 'paragraph' ? rest : node.children;
  return blocks(numbered, ...renderBlocks(following, inner));
}
