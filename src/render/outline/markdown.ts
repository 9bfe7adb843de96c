/**
 * Printing mdast as Markdown that Marp (markdown-it), CommonMark readers and
 * Pandoc all read back literally: one configuration of `mdast-util-to-markdown`.
 */
import type { Nodes, PhrasingContent } from 'mdast';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { defaultHandlers, toMarkdown, type Handle, type Options, type Unsafe } from 'mdast-util-to-markdown';
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

/**
 * The patterns of the last list seen and its narrowed copies. Every
 * `toMarkdown` call makes a new list of the same pattern objects, so the
 * copies are kept as long as the patterns are the same (one set for the
 * process, not one per call: per-call tables outlived the young generation
 * and were ~10% of what a batch thread promoted).
 */
interface Narrowing {
  patterns: readonly Unsafe[];
  characters: string[];
  /** Narrowed lists by the characters present (at most NARROWED_MAX). */
  lists: Map<string, Unsafe[]>;
}
const NARROWED_MAX = 4096;
let narrowing: Narrowing | undefined;
let lastList: readonly Unsafe[] | undefined;

function narrowingFor(unsafe: readonly Unsafe[]): Narrowing {
  if (narrowing && unsafe === lastList) return narrowing;
  lastList = unsafe;
  const known = narrowing?.patterns;
  if (!narrowing || known?.length !== unsafe.length || !unsafe.every((pattern, i) => pattern === known[i])) {
    narrowing = { patterns: [...unsafe], characters: [...new Set(unsafe.map((pattern) => pattern.character))], lists: new Map() };
  }
  return narrowing;
}

/**
 * The patterns of `unsafe` about a character that occurs in `text` (in their
 * order). A pattern matches only at its character, so the others cannot
 * match anywhere in it: `safe` gives the same result with these alone.
 */
export function patternsFor(unsafe: readonly Unsafe[], text: string): readonly Unsafe[] {
  const { patterns, characters, lists } = narrowingFor(unsafe);
  let key = '';
  for (const character of characters) if (text.includes(character)) key += character;
  let list = lists.get(key);
  if (!list) {
    if (lists.size >= NARROWED_MAX) lists.clear();
    lists.set(key, (list = patterns.filter((pattern) => key.includes(pattern.character))));
  }
  return list;
}

/**
 * The `text` handler: the library's own, whose `safe` is given only the
 * patterns about characters in the text and the characters around it. It
 * otherwise tries all ~60 patterns on every text (about a fifth of an
 * outline's time); the result is the same.
 */
const text: Handle = (node: { value: string }, parent, state, info) => {
  // The list is swapped in for this one call (a text has no children to print
  // with the whole list), rather than given through a derived object: making
  // the state a prototype would change its shape under the library's code.
  const all = state.unsafe;
  state.unsafe = patternsFor(all, `${info.before}${node.value}${info.after}`) as Unsafe[];
  try {
    return defaultHandlers.text(node as never, parent as never, state, info);
  } finally {
    state.unsafe = all;
  }
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
