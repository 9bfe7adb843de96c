import type { Break, Emphasis, Inline, InlineCode, Link, Strong, Text } from '../../../doc/types.js';
import type { DeckBuilder } from '../builder.js';
import { paragraph } from './paragraph.js';

/** Inline content found among blocks is laid out as a paragraph of its own. */
function inlineAsParagraph(node: Inline, builder: DeckBuilder): void {
  paragraph({ type: 'paragraph', children: [node] }, builder);
}

/** Text among blocks: a paragraph. */
export const text: (node: Text, builder: DeckBuilder) => void = inlineAsParagraph;
/** Emphasis among blocks: a paragraph. */
export const emphasis: (node: Emphasis, builder: DeckBuilder) => void = inlineAsParagraph;
/** Strong among blocks: a paragraph. */
export const strong: (node: Strong, builder: DeckBuilder) => void = inlineAsParagraph;
/** A code span among blocks: a paragraph. */
export const inlineCode: (node: InlineCode, builder: DeckBuilder) => void = inlineAsParagraph;
/** A link among blocks: a paragraph. */
export const link: (node: Link, builder: DeckBuilder) => void = inlineAsParagraph;

/** A line break among blocks carries no content. */
export function lineBreak(_node: Break): void {}
