/**
 * Plain-text views of Doc content and the line-fitting rules of the slide
 * plan: counting words, cutting at sentence boundaries, shortening.
 */
import type { Block, Inline } from '../../doc/types.js';
import { MAX_LINE_CHARS, MAX_LINE_WORDS, type RichText } from './model.js';

/** The plain text of inline content; a hard break becomes a newline. */
export function plainText(inlines: readonly Inline[]): string {
  let out = '';
  for (const node of inlines) {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        out += node.value;
        break;
      case 'break':
        out += '\n';
        break;
      case 'emphasis':
      case 'strong':
      case 'link':
        out += plainText(node.children);
        break;
    }
  }
  return out;
}

/** Counts whitespace-separated words. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

/** Whether a line is too long for a slide (too many words, or too many characters for text without spaces). */
export function isLongLine(text: string): boolean {
  // countWords(text) > MAX_LINE_WORDS or more than MAX_LINE_CHARS code points, counted only as far as needed.
  const words = /\S+/gu;
  let count = 0;
  // `test` walks the matches as `exec` does, without making a match array for each word.
  while (words.test(text)) if (++count > MAX_LINE_WORDS) return true;
  if (text.length <= MAX_LINE_CHARS) return false;
  count = 0;
  for (const _ of text) if (++count > MAX_LINE_CHARS) return true;
  return false;
}

/**
 * The part of inline content between two offsets of its `plainText`, keeping
 * emphasis, strong and links around the parts they cover.
 */
export function sliceInlines(inlines: readonly Inline[], start: number, end: number): RichText {
  const out: RichText = [];
  let offset = 0;
  for (const node of inlines) {
    const length = plainText([node]).length;
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, length);
    offset += length;
    if (to <= from) continue;
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        out.push({ ...node, value: node.value.slice(from, to) });
        break;
      case 'break':
        out.push(node);
        break;
      case 'emphasis':
      case 'strong':
      case 'link':
        out.push({ ...node, children: sliceInlines(node.children, from, to) });
        break;
    }
  }
  return out;
}

/** Inline content without leading and trailing white space. */
export function trimInlines(inlines: readonly Inline[]): RichText {
  const text = plainText(inlines);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return sliceInlines(inlines, start, end);
}

// A sentence ends at . ! ? … (or their CJK forms), possibly followed by closing
// quotes or brackets, then white space, unless a lower-case letter follows
// ("e.g. this" is not two sentences).
const SENTENCE_END = /(?<=[.!?…]["'”’»)\]]*)\s+(?![\s\p{Ll}])|(?<=[。！？])(?=\S)/gu;

/** Splits inline content into sentences, each trimmed; never returns an empty list for non-empty text. */
export function splitSentences(inlines: readonly Inline[]): RichText[] {
  const text = plainText(inlines);
  const sentences: RichText[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index;
    if (end > start) sentences.push(trimInlines(sliceInlines(inlines, start, end)));
    start = end + match[0].length;
  }
  if (start < text.length) sentences.push(trimInlines(sliceInlines(inlines, start, text.length)));
  return sentences.filter((s) => plainText(s).trim() !== '');
}

/**
 * Shortens a long line to its first words (at most `MAX_LINE_WORDS - 2` words
 * and `MAX_LINE_CHARS - 20` characters) followed by an ellipsis; the caller
 * puts the full text in the speaker notes.
 */
export function shortenLine(inlines: readonly Inline[]): RichText {
  const text = plainText(inlines);
  const keepWords = MAX_LINE_WORDS - 2;
  let cut = 0;
  let words = 0;
  for (const match of text.matchAll(/\S+/gu)) {
    if (words === keepWords) break;
    cut = match.index + match[0].length;
    words++;
  }
  // Text without spaces (one huge token, CJK) is cut by characters instead.
  const maxUnits = [...text].slice(0, MAX_LINE_CHARS - 20).join('').length;
  if (cut > maxUnits) cut = maxUnits;
  const kept = trimInlines(sliceInlines(inlines, 0, cut));
  return [...kept, { type: 'text', value: '…' }];
}

/** Makes a slide line fit: the line itself, or a shortened copy and a flag saying the full text must go to the notes. */
export function fitLine(inlines: readonly Inline[]): { text: RichText; shortened: boolean } {
  if (!isLongLine(plainText(inlines))) return { text: [...inlines], shortened: false };
  return { text: shortenLine(inlines), shortened: true };
}

/**
 * Plain-text paragraphs for speaker notes from any blocks, so that nothing
 * that does not fit on a slide is lost: list items get `- ` or `1. ` and are
 * indented by nesting.
 */
export function blocksToNoteLines(blocks: readonly Block[], indent = ''): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
      case 'tableCell':
        lines.push(indent + plainText(block.children));
        break;
      case 'list':
        block.children.forEach((item, i) => {
          const marker = block.ordered ? `${block.start + i}. ` : '- ';
          const [first, ...rest] = blocksToNoteLines(item.children, indent + '  ');
          lines.push(indent + marker + (first ?? '').trimStart(), ...rest);
        });
        break;
      case 'code':
        lines.push(block.value.replace(/^/gmu, indent));
        break;
      case 'thematicBreak':
      case 'pageBreak':
        break;
      case 'table':
        for (const row of block.children) lines.push(indent + row.children.map((c) => plainText(c.children)).join(' | '));
        break;
      case 'tableRow':
        lines.push(indent + block.children.map((c) => plainText(c.children)).join(' | '));
        break;
      case 'keyFigures':
        for (const figure of block.children) lines.push(`${indent}${figure.value}: ${figure.label}`);
        break;
      case 'keyFigure':
        lines.push(`${indent}${block.value}: ${block.label}`);
        break;
      case 'quote':
        lines.push(...blocksToNoteLines(block.children, indent), `${indent}— ${[block.speaker, block.role].filter(Boolean).join(', ')}`);
        break;
      case 'figure':
        lines.push(`${indent}[${block.alt}]${block.caption ? ` ${block.caption}` : ''}`);
        break;
      case 'listItem':
      case 'blockquote':
      case 'titleBlock':
      case 'lead':
      case 'notes':
      case 'closing':
        lines.push(...blocksToNoteLines(block.children, indent));
        break;
    }
  }
  return lines;
}
