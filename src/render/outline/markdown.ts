/**
 * Printing mdast as Markdown that Marp (markdown-it), CommonMark readers and
 * Pandoc all read back literally: one configuration of `mdast-util-to-markdown`.
 */
import type { Nodes, PhrasingContent } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { defaultHandlers, toMarkdown, type Handle, type Options, type State, type Unsafe } from 'mdast-util-to-markdown';
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

/** Each list of unsafe patterns by the character they are about. */
const patternsByCharacter = new WeakMap<readonly Unsafe[], Map<string, Unsafe[]>>();
/** Each list narrowed to the patterns about some characters, by those characters. */
const narrowedLists = new WeakMap<readonly Unsafe[], Map<string, Unsafe[]>>();

/**
 * The patterns of `unsafe` about a character that occurs in `text` (in their
 * order). A pattern matches only at its character, so the others cannot
 * match anywhere in it: `safe` gives the same result with these alone.
 */
export function patternsFor(unsafe: readonly Unsafe[], text: string): Unsafe[] {
  let byCharacter = patternsByCharacter.get(unsafe);
  if (!byCharacter) {
    byCharacter = new Map();
    for (const pattern of unsafe) byCharacter.set(pattern.character, [...(byCharacter.get(pattern.character) ?? []), pattern]);
    patternsByCharacter.set(unsafe, byCharacter);
  }
  let key = '';
  for (const character of byCharacter.keys()) if (text.includes(character)) key += character;
  let narrowed = narrowedLists.get(unsafe);
  if (!narrowed) narrowedLists.set(unsafe, (narrowed = new Map()));
  let list = narrowed.get(key);
  if (!list) narrowed.set(key, (list = unsafe.filter((pattern) => key.includes(pattern.character))));
  return list;
}

/**
 * The `text` handler: the library's own, whose `safe` is given only the
 * patterns about characters in the text and the characters around it. It
 * otherwise tries all ~60 patterns on every text (about a fifth of an
 * outline's time); the result is the same.
 */
const text: Handle = (node: { value: string }, parent, state, info) => {
  const narrowed = Object.create(state) as State;
  narrowed.unsafe = patternsFor(state.unsafe, `${info.before}${node.value}${info.after}`);
  return defaultHandlers.text(node as never, parent as never, narrowed, info);
};

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
  handlers: { text },
};

/** The same settings with the library's own `text` handler (for the tests that compare the two). */
export const libraryTextOptions: Options = { ...markdownOptions, handlers: {} };

/** Prints an mdast tree with the outline's Markdown settings. */
export function printMarkdown(tree: Nodes, options: Options = markdownOptions): string {
  return toMarkdown(tree, options);
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
