/**
 * Printing mdast as Markdown that Marp (markdown-it), CommonMark readers and
 * Pandoc all read back literally: one configuration of `mdast-util-to-markdown`.
 */
import type { Nodes, PhrasingContent } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { toMarkdown, type Options, type Unsafe } from 'mdast-util-to-markdown';
import type { Inline } from '../../doc/types.js';

// Characters that are plain in CommonMark but syntax in Marp or Pandoc
// Markdown; a backslash before ASCII punctuation is always read as the
// character itself, so escaping them costs nothing in other readers.
const extraUnsafe: Unsafe[] = [
  { character: '$', inConstruct: 'phrasing' }, // TeX math (Pandoc, Marp)
  { character: '~', inConstruct: 'phrasing' }, // subscript, strikeout
  { character: '^', inConstruct: 'phrasing' }, // superscript
  { character: '|', inConstruct: 'phrasing' }, // line blocks, pipe tables
  { character: '{', inConstruct: 'phrasing' }, // attributes, bracketed spans
  { character: ':', atBreak: true }, // fenced divs, definition lists
  { character: ':', after: '[A-Za-z0-9_+-]+:', inConstruct: 'phrasing' }, // emoji shortcodes
  { character: '@', atBreak: true }, // citations
  { character: '@', before: '[\\s(\\[;]', inConstruct: 'phrasing' },
];

const markdownOptions: Options = {
  bullet: '-',
  bulletOrdered: '.',
  listItemIndent: 'one',
  emphasis: '_',
  strong: '*',
  fences: true,
  rule: '-',
  resourceLink: true,
  unsafe: extraUnsafe,
  extensions: [gfmTableToMarkdown()],
};

/** Prints an mdast tree with the outline's Markdown settings. */
export function printMarkdown(tree: Nodes): string {
  return toMarkdown(tree, markdownOptions);
}

/** Converts Doc inline nodes to mdast phrasing content. */
export function toPhrasing(inlines: readonly Inline[]): PhrasingContent[] {
  return inlines.map((node): PhrasingContent => {
    switch (node.type) {
      case 'text':
        return { type: 'text', value: node.value };
      case 'inlineCode':
        return { type: 'inlineCode', value: node.value };
      case 'break':
        return { type: 'break' };
      case 'emphasis':
        return { type: 'emphasis', children: toPhrasing(node.children) };
      case 'strong':
        return { type: 'strong', children: toPhrasing(node.children) };
      case 'link':
        return { type: 'link', url: node.url, children: toPhrasing(node.children) };
    }
  });
}

/** A plain string as mdast text. */
export function textNode(value: string): PhrasingContent {
  return { type: 'text', value };
}
