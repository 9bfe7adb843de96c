import { Paragraph, TextRun } from 'docx';
import type { Block, Paragraph as DocParagraph, Quote } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks, renderBlocks } from '../flow.js';
import { StyleId } from '../styles.js';

/** Quotation marks by base language; the Doc's quote text arrives without any. */
const QUOTATION_MARKS: Record<string, readonly [string, string]> = {
  en: ['\u201C', '\u201D'],
  de: ['\u201E', '\u201C'],
  cs: ['\u201E', '\u201C'],
  pl: ['\u201E', '\u201D'],
  fr: ['\u00AB\u00A0', '\u00A0\u00BB'],
  ru: ['\u00AB', '\u00BB'],
  uk: ['\u00AB', '\u00BB'],
  es: ['\u00AB', '\u00BB'],
  it: ['\u00AB', '\u00BB'],
  pt: ['\u00AB', '\u00BB'],
};

/** The opening and closing marks for a BCP 47 tag, English ones when the language has no entry. */
function marksFor(lang: string): readonly [string, string] {
  return QUOTATION_MARKS[lang.toLowerCase().split('-')[0] ?? ''] ?? QUOTATION_MARKS.en!;
}

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
  const [open, close] = marksFor(context.session.doc.meta.lang);
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
