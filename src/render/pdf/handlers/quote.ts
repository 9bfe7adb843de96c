import { quotationMarks } from '../../../doc/quotes.js';
import type { Block, Paragraph, Quote } from '../../../doc/types.js';
import { stackFlowable, textFlowable } from '../layout.js';
import type { BuildContext, Built } from '../context.js';

function withMark(blocks: Block[], mark: string, at: 'start' | 'end'): Block[] {
  const index = at === 'start' ? 0 : blocks.length - 1;
  const target = blocks[index];
  const markText = { type: 'text' as const, value: mark };
  let replaced: Block;
  if (target?.type === 'paragraph') {
    replaced = { ...target, children: at === 'start' ? [markText, ...target.children] : [...target.children, markText] };
  } else {
    const alone: Paragraph = { type: 'paragraph', children: [markText] };
    return at === 'start' ? [alone, ...blocks] : [...blocks, alone];
  }
  return blocks.map((b, i) => (i === index ? replaced : b));
}

/**
 * A pull quote (`BlockQuote`): quotation marks added here (the words come without them),
 * italic text behind an accent rule, and "— speaker, role" kept with the
 * last lines.
 */
export function quote(node: Quote, context: BuildContext): Built {
  const type = context.type;
  const body = type.body.size;
  const [open, close] = quotationMarks(context.input.doc.meta.lang);
  const words = withMark(withMark(node.children, open, 'start'), close, 'end');
  const inner = context.within(context.tag('BlockQuote'));
  const paragraphs = inner.with({ text: type.quote }).blocks(words);
  const last = paragraphs.length - 1;
  const kept = paragraphs.map((f, i) => (i === last ? { ...f, keepWithNext: true } : f));
  const plain = { bold: false, italic: false, mono: false };
  const attribution = [{ ...plain, text: '\u2014 ' }, { ...plain, text: node.speaker, bold: true }, ...(node.role ? [{ ...plain, text: `, ${node.role}` }] : [])];
  const children = [...kept, textFlowable(attribution, type.quoteAttribution, { before: body * 0.35, after: 0, tag: inner.tag('P') })];
  const decoration = { padding: { top: body * 0.3, right: 0, bottom: body * 0.3, left: body * 1.2 }, leftRule: { color: type.colors.accent, width: 2.5 } };
  return { kind: 'flow', flow: [stackFlowable(children, decoration, { before: body * 1.2, after: body * 1.3 })] };
}
