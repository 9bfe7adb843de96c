import { Paragraph, TextRun } from 'docx';
import { quotationMarks } from '../../../doc/quotes.js';
import type { Block, Paragraph as DocParagraph, Quote } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';
import { StyleId } from '../styles.js';

function withText(paragraph: DocParagraph, before: string, after: string): DocParagraph {
  const children = [...paragraph.children];
  if (before) children.unshift({ type: 'text', value: before });
  if (after) children.push({ type: 'text', value: after });
  return { ...paragraph, children };
}

/**
 * A pull quote: its words in the Quote style between quotation marks for the
 * document's language, then "— speaker, role" in the Quote Attribution style.
 */
export function quote(node: Quote, context: DocxContext): Rendered {
  const [open, close] = quotationMarks(context.session.doc.meta.lang);
  const bare = (value: string): DocParagraph => ({ type: 'paragraph', children: [{ type: 'text', value }] });
  const children: Block[] = [...node.children];
  const first = children[0];
  if (first?.type === 'paragraph') children[0] = withText(first, open, '');
  else children.unshift(bare(open));
  const lastIndex = children.length - 1;
  const last = children[lastIndex];
  if (last?.type === 'paragraph') children[lastIndex] = withText(last, '', close);
  else children.push(bare(close));

  const words = renderBlocks(children, { ...context, paragraphStyle: StyleId.quote });
  const who = [node.speaker, node.role].filter((part): part is string => Boolean(part && part.trim())).join(', ');
  const attribution = new Paragraph({
    style: StyleId.quoteAttribution,
    children: [new TextRun(context.session.text(`\u2014 ${who}`))],
  });
  return blocks(...words, attribution);
}
