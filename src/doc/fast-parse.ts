/**
 * A fast path for the Markdown that templates generate: a line-based reader
 * of a strict subset (paragraphs of escaped text, ATX headings, one-line list
 * items, links, container and leaf directives, `:md{ref}` placeholders) that
 * builds the same mdast tree micromark would. Anything outside the subset,
 * or anything whose reading could depend on a rule the subset does not model
 * (emphasis, code, HTML, entities, tables, lazy lines, indentation, trailing
 * white space …), makes it give up and return `undefined`; the caller then
 * parses with micromark. So the fast path either gives micromark's tree or
 * nothing (test/doc/fast-parse.test.ts compares the two on generated input).
 *
 * Positions are not recorded: the caller re-parses with micromark whenever
 * lowering reports a fault, so messages keep their generated line.
 */
import type { Link, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';

/** Thrown (and caught in `fastParse`) to give up. */
const GIVE_UP = Symbol('give up');

function giveUp(): never {
  throw GIVE_UP;
}

/** Control characters other than line feed, tabs and carriage returns (micromark treats them specially), DEL. */
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARACTERS = /[\u0000-\u0009\u000B-\u001F]|[ ]$|[ ]\n/;

/** A directive name the subset accepts (a subset of micromark's). */
const NAME = /^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*/;
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const ORDERED_ITEM = /^(\d{1,9})([.)]) /;
const LIST_MARKER_START = /^\d{1,9}[.)](?: |$)/;
const COLON_FENCE = /^:{3,}$/;

function isAsciiPunctuation(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

interface OpenList {
  node: List;
  /** `-`, or the ordered delimiter `.` / `)`. */
  marker: string;
}

type LineKind = 'start' | 'blank' | 'paragraph' | 'item' | 'other';

/** One document being read: the root or a container directive's content. */
interface Frame {
  children: RootContent[];
  /** Number of colons of the opening fence (0 for the root). */
  size: number;
  paragraph: string[] | undefined;
  list: OpenList | undefined;
  previous: LineKind;
}

/** The mdast tree of `markdown`, or `undefined` when it is outside the subset. */
export function fastParse(markdown: string): Root | undefined {
  if (UNSUPPORTED_CHARACTERS.test(markdown) || markdown.includes('\r')) return undefined;
  try {
    return readDocument(markdown);
  } catch (thrown) {
    if (thrown === GIVE_UP) return undefined;
    throw thrown;
  }
}

function newFrame(children: RootContent[], size: number): Frame {
  return { children, size, paragraph: undefined, list: undefined, previous: 'start' };
}

function readDocument(markdown: string): Root {
  const root: Root = { type: 'root', children: [] };
  const frames: Frame[] = [newFrame(root.children, 0)];
  const lines = markdown.split('\n');
  for (const line of lines) {
    if (COLON_FENCE.test(line)) {
      // The outermost container that this fence closes takes it first.
      let closes = -1;
      for (let index = 1; index < frames.length; index++) {
        if (frames[index]!.size <= line.length) {
          closes = index;
          break;
        }
      }
      if (closes === -1) giveUp();
      while (frames.length > closes) finish(frames.pop()!);
      frames[frames.length - 1]!.previous = 'other';
      continue;
    }
    const frame = frames[frames.length - 1]!;
    if (line === '') {
      flushParagraph(frame);
      frame.previous = frame.previous === 'start' ? 'start' : 'blank';
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 58 /* : */ && line.charCodeAt(1) === 58) {
      // A container (`:::name{…}`) or leaf (`::name{…}`) directive.
      if (frame.previous === 'paragraph' || frame.previous === 'item') giveUp();
      let size = 0;
      while (line.charCodeAt(size) === 58) size++;
      const name = NAME.exec(line.slice(size))?.[0];
      if (name === undefined) giveUp();
      let at = size + name.length;
      let attributes: Record<string, string> = {};
      if (line.charCodeAt(at) === 123 /* { */) {
        const read = readAttributes(line, at);
        attributes = read.attributes;
        at = read.end;
      }
      if (at !== line.length) giveUp();
      closeBlocks(frame);
      if (size === 2) {
        const leaf: LeafDirective = { type: 'leafDirective', name, attributes, children: [] };
        frame.children.push(leaf);
        frame.previous = 'other';
      } else {
        const container: ContainerDirective = { type: 'containerDirective', name, attributes, children: [] };
        frame.children.push(container);
        frame.previous = 'other';
        frames.push(newFrame(container.children, size));
      }
      continue;
    }
    if (first === 35 /* # */) {
      let depth = 0;
      while (line.charCodeAt(depth) === 35) depth++;
      if (depth > 6 || line.charCodeAt(depth) !== 32) giveUp();
      if (frame.previous === 'paragraph' || frame.previous === 'item') giveUp();
      const content = line.slice(depth + 1);
      if (content === '' || content.charCodeAt(0) === 32 || content.endsWith('#') || !safeStart(content)) giveUp();
      closeBlocks(frame);
      frame.children.push({ type: 'heading', depth: depth as 1 | 2 | 3 | 4 | 5 | 6, children: readInline(content) });
      frame.previous = 'other';
      continue;
    }
    let marker: string | undefined;
    let content = '';
    let start: number | null = null;
    if (first === 45 /* - */ && line.charCodeAt(1) === 32) {
      marker = '-';
      content = line.slice(2);
    } else if (first >= 48 && first <= 57) {
      const ordered = ORDERED_ITEM.exec(line);
      if (ordered) {
        marker = ordered[2]!;
        start = Number.parseInt(ordered[1]!, 10);
        content = line.slice(ordered[0].length);
      } else if (LIST_MARKER_START.test(line)) {
        giveUp();
      }
    }
    if (marker !== undefined) {
      if (frame.previous === 'paragraph' || content === '' || !safeStart(content)) giveUp();
      const open = frame.list;
      if (open && open.marker === marker && (frame.previous === 'item' || frame.previous === 'blank')) {
        // Another item of the same list.
      } else {
        if (frame.previous === 'item') giveUp();
        closeBlocks(frame);
        const node: List = { type: 'list', ordered: marker !== '-', start, spread: false, children: [] };
        frame.children.push(node);
        frame.list = { node, marker };
      }
      const paragraph: Paragraph = { type: 'paragraph', children: readInline(content) };
      const item: ListItem = { type: 'listItem', spread: false, checked: null, children: [paragraph] };
      frame.list!.node.children.push(item);
      frame.previous = 'item';
      continue;
    }
    // A paragraph line.
    if (!safeStart(line) || frame.previous === 'item') giveUp();
    if (frame.previous !== 'paragraph') {
      closeBlocks(frame);
      frame.paragraph = [];
    }
    frame.paragraph!.push(line);
    frame.previous = 'paragraph';
  }
  while (frames.length > 0) finish(frames.pop()!);
  return root;
}

/** Whether a line's content starts with something that can only be inline text. */
function safeStart(content: string): boolean {
  const code = content.charCodeAt(0);
  if (code === 92 /* \ */) return isAsciiPunctuation(content.charCodeAt(1));
  if (code === 91 /* [ */) return true;
  if (code === 58 /* : */) return content.startsWith(':md{');
  if (code === 32 || isAsciiPunctuation(code)) return false;
  if (code >= 48 && code <= 57 && LIST_MARKER_START.test(content)) return false;
  return true;
}

function flushParagraph(frame: Frame): void {
  if (frame.paragraph === undefined) return;
  const children: PhrasingContent[] = [];
  frame.paragraph.forEach((line, index) => {
    if (index > 0) appendText(children, '\n');
    for (const node of readInline(line)) {
      if (node.type === 'text') appendText(children, node.value);
      else children.push(node);
    }
  });
  frame.children.push({ type: 'paragraph', children });
  frame.paragraph = undefined;
}

/** Ends the open paragraph and list of a frame (a new block starts). */
function closeBlocks(frame: Frame): void {
  flushParagraph(frame);
  frame.list = undefined;
}

function finish(frame: Frame): void {
  closeBlocks(frame);
}

function appendText(children: PhrasingContent[], value: string): void {
  if (value === '') return;
  const last = children[children.length - 1];
  if (last && last.type === 'text') last.value += value;
  else children.push({ type: 'text', value } satisfies Text);
}

/** Reads one line of inline content: escaped text, links and `:md{…}` directives. */
function readInline(line: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    appendText(out, text);
    text = '';
  };
  while (i < line.length) {
    const code = line.charCodeAt(i);
    switch (code) {
      case 92: /* \ */ {
        const next = line.charCodeAt(i + 1);
        if (!isAsciiPunctuation(next)) giveUp();
        text += line[i + 1];
        i += 2;
        break;
      }
      case 91: /* [ */ {
        flush();
        const link = readLink(line, i);
        out.push(link.node);
        i = link.end;
        break;
      }
      case 33: /* ! */
        if (line.charCodeAt(i + 1) === 91) giveUp();
        text += '!';
        i++;
        break;
      case 58: /* : */ {
        const next = line.charCodeAt(i + 1);
        if (Number.isNaN(next) || next === 32 || (next !== 58 && isAsciiPunctuation(next))) {
          text += ':';
          i++;
          break;
        }
        if (!line.startsWith(':md{', i)) giveUp();
        flush();
        const read = readAttributes(line, i + 3);
        const directive: TextDirective = { type: 'textDirective', name: 'md', attributes: read.attributes, children: [] };
        out.push(directive);
        i = read.end;
        break;
      }
      case 42: /* * */
      case 95: /* _ */
      case 96: /* ` */
      case 60: /* < */
      case 38: /* & */
      case 93: /* ] */
        giveUp();
        break;
      default:
        text += line[i];
        i++;
    }
  }
  flush();
  return out;
}

/** Reads `[text](destination)` at `start`; the text is escaped text only. */
function readLink(line: string, start: number): { node: Link; end: number } {
  let text = '';
  let i = start + 1;
  for (;;) {
    if (i >= line.length) giveUp();
    const code = line.charCodeAt(i);
    if (code === 93 /* ] */) break;
    if (code === 92 /* \ */) {
      if (!isAsciiPunctuation(line.charCodeAt(i + 1))) giveUp();
      text += line[i + 1];
      i += 2;
      continue;
    }
    if (code === 91 || code === 42 || code === 95 || code === 96 || code === 60 || code === 38 || code === 33 || code === 58) giveUp();
    text += line[i];
    i++;
  }
  if (line.charCodeAt(i + 1) !== 40 /* ( */) giveUp();
  i += 2;
  let url = '';
  for (;;) {
    if (i >= line.length) giveUp();
    const code = line.charCodeAt(i);
    if (code === 41 /* ) */) break;
    if (code === 92 /* \ */) {
      if (!isAsciiPunctuation(line.charCodeAt(i + 1))) giveUp();
      url += line[i + 1];
      i += 2;
      continue;
    }
    if (code <= 32 || code === 40 || code === 60 || code === 62 || code === 38 || code === 34 || code === 39 || code === 96 || code === 127) giveUp();
    url += line[i];
    i++;
  }
  if (url === '') giveUp();
  const children: PhrasingContent[] = text === '' ? [] : [{ type: 'text', value: text }];
  return { node: { type: 'link', title: null, url, children }, end: i + 1 };
}

/** The character references `encodeAttribute` writes. */
const REFERENCES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#10;': '\n' };

/** Reads `{name="value" …}` at `start` (a `{`): double-quoted values, no shortcuts, no repeats. */
function readAttributes(line: string, start: number): { attributes: Record<string, string>; end: number } {
  const attributes: Record<string, string> = {};
  let i = start + 1;
  if (line.charCodeAt(i) === 125 /* } */) return { attributes, end: i + 1 };
  for (;;) {
    const name = ATTRIBUTE_NAME.exec(line.slice(i, i + 64))?.[0];
    if (name === undefined || name === 'class' || name === 'id' || name === '__proto__' || Object.prototype.hasOwnProperty.call(attributes, name)) giveUp();
    i += name.length;
    if (line.charCodeAt(i) !== 61 /* = */ || line.charCodeAt(i + 1) !== 34 /* " */) giveUp();
    i += 2;
    let value = '';
    for (;;) {
      if (i >= line.length) giveUp();
      const code = line.charCodeAt(i);
      if (code === 34) break;
      if (code === 38 /* & */) {
        const end = line.indexOf(';', i);
        const decoded = end === -1 ? undefined : REFERENCES[line.slice(i, end + 1)];
        if (decoded === undefined) giveUp();
        value += decoded;
        i = end + 1;
        continue;
      }
      value += line[i];
      i++;
    }
    attributes[name] = value;
    i++;
    const after = line.charCodeAt(i);
    if (after === 125 /* } */) return { attributes, end: i + 1 };
    if (after !== 32 || line.charCodeAt(i + 1) === 32) giveUp();
    i++;
  }
}

/** Whether a code point is a letter or a digit (never punctuation or white space for micromark's flanking rules). */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * The mdast tree of a Markdown field's value (CommonMark + GFM tables, no
 * directives), or `undefined` when the value is outside the subset the fast
 * path reads: paragraphs of text with escapes and non-nested `*emphasis*` /
 * `**strong**` whose delimiters sit between a space (or the start) and a
 * letter or digit. No links, so nothing for field checks to report.
 */
export function fastParseField(markdown: string): Root | undefined {
  if (UNSUPPORTED_CHARACTERS.test(markdown) || markdown.includes('\r')) return undefined;
  try {
    const root: Root = { type: 'root', children: [] };
    let lines: string[] = [];
    const flush = () => {
      if (lines.length > 0) root.children.push({ type: 'paragraph', children: readFieldInline(lines.join('\n')) });
      lines = [];
    };
    for (const line of markdown.split('\n')) {
      if (line === '') {
        flush();
        continue;
      }
      const code = line.charCodeAt(0);
      // A line start that could begin any other block (or a table's delimiter row).
      if (code === 32 || (isAsciiPunctuation(code) && !(code === 92 && isAsciiPunctuation(line.charCodeAt(1))) && code !== 42) || LIST_MARKER_START.test(line)) giveUp();
      // `*` starts a list item, a thematic break or emphasis; only emphasis is read.
      if (code === 42 && !LETTER_OR_DIGIT.test(String.fromCodePoint(line.codePointAt(line.charCodeAt(1) === 42 ? 2 : 1) ?? 32))) giveUp();
      lines.push(line);
    }
    flush();
    return root;
  } catch (thrown) {
    if (thrown === GIVE_UP) return undefined;
    throw thrown;
  }
}

/** Reads a field paragraph (lines joined by `\n`): text, escapes, simple emphasis and strong. */
function readFieldInline(paragraph: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let open: { size: number; children: PhrasingContent[] } | undefined;
  let text = '';
  const flush = () => {
    appendText(open ? open.children : out, text);
    text = '';
  };
  const at = (index: number): string => (index < 0 || index >= paragraph.length ? '' : String.fromCodePoint(paragraph.codePointAt(index)!));
  const before = (index: number): string => {
    if (index <= 0) return '';
    const code = paragraph.charCodeAt(index - 1);
    return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? paragraph.slice(index - 2, index) : paragraph[index - 1]!;
  };
  let i = 0;
  while (i < paragraph.length) {
    const code = paragraph.charCodeAt(i);
    switch (code) {
      case 92: /* \ */ {
        if (!isAsciiPunctuation(paragraph.charCodeAt(i + 1))) giveUp();
        text += paragraph[i + 1];
        i += 2;
        break;
      }
      case 42: /* * */ {
        let size = 1;
        while (paragraph.charCodeAt(i + size) === 42) size++;
        if (size > 2) giveUp();
        const previous = before(i);
        const next = at(i + size);
        if (!open) {
          // An opener: after the start, a space or a line break, before a letter or digit.
          if (!(previous === '' || previous === ' ' || previous === '\n') || !LETTER_OR_DIGIT.test(next)) giveUp();
          flush();
          open = { size, children: [] };
        } else {
          // A closer of the same size: after a letter or digit, before the end, a space, a line break or . , ; : ! ?
          if (size !== open.size || !LETTER_OR_DIGIT.test(previous) || !(next === '' || next === ' ' || next === '\n' || '.,;:!?'.includes(next))) giveUp();
          flush();
          out.push(size === 2 ? { type: 'strong', children: open.children } : { type: 'emphasis', children: open.children });
          open = undefined;
        }
        i += size;
        break;
      }
      case 33: /* ! */
        if (paragraph.charCodeAt(i + 1) === 91) giveUp();
        text += '!';
        i++;
        break;
      case 95: /* _ */
      case 96: /* ` */
      case 60: /* < */
      case 38: /* & */
      case 91: /* [ */
      case 93: /* ] */
        giveUp();
        break;
      default:
        text += paragraph[i];
        i++;
    }
  }
  if (open) giveUp();
  flush();
  return out;
}
