/**
 * A fast reader for the YAML that content items are written in: block
 * mappings and sequences, one-line flow mappings and sequences, one-line
 * quoted and plain strings, and `|` / `|-` literal blocks, with comments.
 *
 * It gives what the `yaml` library (parseDocument, core schema, then toJS and
 * the positions load.ts records) gives for the same text, or `undefined`
 * whenever the text uses anything else or anything it is unsure of: numbers,
 * booleans, nulls, empty values, anchors, tags, multi-line flow or quoted
 * scalars, folded blocks, tabs, duplicate keys, odd indentation... The caller
 * then reads the text with the `yaml` library, which also reports every
 * syntax error. A property test compares the two on generated items.
 *
 * The `yaml` library builds a concrete syntax tree, a document of nodes and
 * then the plain data; for a 5 kB item that was ~2 ms, most of an item's
 * preparation. This reader builds the data and the positions directly.
 */
import { childPath, emptyPositions, type FieldPositions, type SourcePoint } from './positions.js';

/** Gives up: the text needs the full YAML reader. */
class NotFast extends Error {}
const notFast = (): never => {
  throw new NotFast();
};

/** Characters the fast reader does not handle anywhere (tabs, controls, BOMs, non-characters). */
// eslint-disable-next-line no-control-regex
const UNHANDLED_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/u;
/** A key the fast reader takes: a plain word (no quotes, no spaces, not `__proto__`-like). */
const KEY = /[A-Za-z][A-Za-z0-9_-]*/y;
/** Plain scalars the core schema reads as null, a boolean or a number (its tags' own tests): those go to the `yaml` library. */
const NOT_A_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
];
/** Escapes that mean the same in YAML and JSON double-quoted strings. */
const JSON_ESCAPES = /\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/gu;

/**
 * Reads `text` (LF line ends) as load.ts's YAML path would, with positions
 * shifted by `lineOffset` lines; undefined when the text needs the `yaml` library.
 */
export function fastYaml(text: string, lineOffset: number): { data: Record<string, unknown>; positions: FieldPositions } | undefined {
  if (UNHANDLED_CHARACTERS.test(text)) return undefined;
  try {
    return new FastYaml(text, lineOffset).document();
  } catch (thrown) {
    if (thrown instanceof NotFast) return undefined;
    throw thrown;
  }
}

class FastYaml {
  positions = emptyPositions();
  /** Start of the current line. */
  private lineStart = 0;
  /** 1-based number of the current line. */
  private line = 1;

  constructor(
    readonly text: string,
    readonly lineOffset: number,
  ) {}

  document(): { data: Record<string, unknown>; positions: FieldPositions } {
    this.skipBlankLines();
    if (this.lineStart >= this.text.length) notFast();
    const indent = this.indentHere();
    if (indent !== 0) notFast();
    const first = this.text[this.lineStart];
    // Directives, document markers and a top-level list are left to the library.
    if (first === '-' || first === '%' || this.text.startsWith('...', this.lineStart)) notFast();
    const data = this.blockMap(0, this.lineStart, '');
    this.skipBlankLines();
    if (this.lineStart < this.text.length) notFast();
    return { data, positions: this.positions };
  }

  private point(offset: number): SourcePoint {
    return { line: this.line + this.lineOffset, column: offset - this.lineStart + 1 };
  }

  /** The end of the current line (the offset of its `\n`, or the text's length). */
  private lineEnd(): number {
    const end = this.text.indexOf('\n', this.lineStart);
    return end === -1 ? this.text.length : end;
  }

  private nextLine(): void {
    const end = this.lineEnd();
    this.lineStart = end === this.text.length ? end : end + 1;
    this.line++;
  }

  /** Spaces at the start of the current line. */
  private indentHere(): number {
    let i = this.lineStart;
    while (this.text.charCodeAt(i) === 32) i++;
    return i - this.lineStart;
  }

  /** Whether the current line is empty, spaces only, or a comment. */
  private blankHere(): boolean {
    const at = this.lineStart + this.indentHere();
    return at >= this.text.length || this.text[at] === '\n' || this.text[at] === '#';
  }

  private skipBlankLines(): void {
    while (this.lineStart < this.text.length && this.blankHere()) this.nextLine();
  }

  /**
   * A block mapping whose keys start at column `indent`, its first key at
   * `first` on the current line.
   */
  private blockMap(indent: number, first: number, path: string): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.positions.value.set(path, this.point(first));
    let at = first;
    for (;;) {
      const key = this.key(at);
      const colon = at + key.length;
      if (this.text[colon] !== ':') notFast();
      const after = this.text[colon + 1];
      if (after !== ' ' && after !== '\n' && after !== undefined) notFast();
      if (Object.prototype.hasOwnProperty.call(map, key)) notFast();
      const child = childPath(path, key);
      this.positions.key.set(child, this.point(at));
      map[key] = this.value(colon + 1, indent, child, false);
      // `value` leaves the reader at the first line after the value.
      this.skipBlankLines();
      if (this.lineStart >= this.text.length) return map;
      const next = this.indentHere();
      if (next < indent) return map;
      if (next > indent) notFast();
      at = this.lineStart + next;
      // A sequence at the parent key's indentation ends this map only when it is a `- ` list of the parent.
      if (this.text[at] === '-') return map;
    }
  }

  /** The plain key at `at` (a key the core schema would read as anything but a string is left to the library). */
  private key(at: number): string {
    KEY.lastIndex = at;
    const key = KEY.exec(this.text)?.[0] ?? notFast();
    if (NOT_A_STRING.some((test) => test.test(key))) notFast();
    return key;
  }

  /**
   * The value after a key's colon (or a sequence item's dash) at `from` on the
   * current line, in a collection at `indent`; leaves the reader on the next
   * line after it. `inSeq`: the value is a sequence item.
   */
  private value(from: number, indent: number, path: string, inSeq: boolean): unknown {
    const end = this.lineEnd();
    let i = from;
    while (this.text.charCodeAt(i) === 32) i++;
    if (i >= end || this.text[i] === '#') {
      if (i < end && this.text[i - 1] !== ' ') notFast();
      // A nested block on the following lines.
      this.nextLine();
      this.skipBlankLines();
      if (this.lineStart >= this.text.length) notFast();
      const nested = this.indentHere();
      const start = this.lineStart + nested;
      const dash = this.text[start] === '-';
      if (dash && !inSeq && nested >= indent) return this.blockSeq(nested, path);
      if (nested <= indent) notFast();
      if (dash) return this.blockSeq(nested, path);
      return this.blockMap(nested, start, path);
    }
    if (i === from && !inSeq) notFast();
    const c = this.text[i];
    let value: unknown;
    let valueEnd: number;
    if (c === '"' || c === "'") {
      [value, valueEnd] = this.quoted(i, end);
      this.positions.value.set(path, this.point(i));
      this.positions.text.set(path, { start: { line: this.line + this.lineOffset, column: i - this.lineStart + 2 }, block: false });
    } else if (c === '{' || c === '[') {
      this.positions.value.set(path, this.point(i));
      [value, valueEnd] = c === '{' ? this.flowMap(i, end, path) : this.flowSeq(i, end, path);
    } else if (c === '|' || c === '>') {
      return this.block(i, end, indent, path);
    } else {
      // A compact mapping in a sequence item: `- key: value`.
      if (inSeq) {
        KEY.lastIndex = i;
        const key = KEY.exec(this.text);
        const colon = key ? i + key[0].length : -1;
        if (key && this.text[colon] === ':' && (this.text[colon + 1] === ' ' || colon + 1 === end)) return this.blockMap(i - this.lineStart, i, path);
      }
      let stop = end;
      const comment = this.text.indexOf(' #', i);
      if (comment !== -1 && comment < end) stop = comment;
      const raw = this.text.slice(i, stop).trimEnd();
      value = this.plain(raw);
      valueEnd = i + raw.length;
      this.positions.value.set(path, this.point(i));
      this.positions.text.set(path, { start: this.point(i), block: false });
    }
    this.restOfLine(valueEnd, end);
    this.nextLine();
    this.noContinuation(indent);
    return value;
  }

  /** After a value: only spaces and a comment may follow on its line. */
  private restOfLine(from: number, end: number): void {
    let i = from;
    while (this.text.charCodeAt(i) === 32) i++;
    if (i < end && (this.text[i] !== '#' || i === from)) notFast();
  }

  /** A value on one line must not continue on more indented lines (YAML would fold them in, or fail). */
  private noContinuation(indent: number): void {
    let start = this.lineStart;
    let line = this.line;
    for (;;) {
      if (start >= this.text.length) return;
      let i = start;
      while (this.text.charCodeAt(i) === 32) i++;
      if (i - start > indent) notFast();
      if (i < this.text.length && this.text[i] !== '\n') return;
      start = i + 1;
      line++;
    }
  }

  /** A plain one-line scalar: a string unless the core schema would read it otherwise. */
  private plain(raw: string): string {
    if (raw === '' || NOT_A_STRING.some((test) => test.test(raw))) notFast();
    const c = raw[0]!;
    // Indicators and anything YAML might read as structure.
    if ('-?:,[]{}#&*!|>\'"%@`'.includes(c)) notFast();
    if (raw.includes(': ') || raw.endsWith(':') || raw.includes(' #')) notFast();
    return raw;
  }

  /** A quoted scalar that ends on its line; returns its value and the offset after its closing quote. */
  private quoted(start: number, end: number): [string, number] {
    const q = this.text[start]!;
    if (q === "'") {
      let i = start + 1;
      for (;;) {
        const close = this.text.indexOf("'", i);
        if (close === -1 || close >= end) notFast();
        if (this.text[close + 1] === "'") {
          i = close + 2;
          continue;
        }
        return [this.text.slice(start + 1, close).replaceAll("''", "'"), close + 1];
      }
    }
    let i = start + 1;
    let escaped = false;
    for (; i < end; i++) {
      const c = this.text[i];
      if (c === '\\') {
        escaped = true;
        i++;
      } else if (c === '"') break;
    }
    if (i >= end) notFast();
    const body = this.text.slice(start + 1, i);
    if (!escaped) return [body, i + 1];
    // Only the escapes JSON shares with YAML; JSON.parse then reads them the same.
    if (body.replace(JSON_ESCAPES, '').includes('\\')) notFast();
    return [JSON.parse(`"${body}"`) as string, i + 1];
  }

  /** A one-line flow mapping `{ key: value, ... }` starting at `start`. */
  private flowMap(start: number, end: number, path: string): [Record<string, unknown>, number] {
    const map: Record<string, unknown> = {};
    let i = this.skipSpaces(start + 1, end);
    if (this.text[i] === '}') return [map, i + 1];
    for (;;) {
      const key = this.key(i);
      const colon = i + key.length;
      if (this.text[colon] !== ':' || this.text[colon + 1] !== ' ') notFast();
      if (Object.prototype.hasOwnProperty.call(map, key)) notFast();
      const child = childPath(path, key);
      this.positions.key.set(child, this.point(i));
      const [value, after] = this.flowScalar(this.skipSpaces(colon + 1, end), end, child, '}');
      map[key] = value;
      i = this.skipSpaces(after, end);
      if (this.text[i] === '}') return [map, i + 1];
      if (this.text[i] !== ',') notFast();
      i = this.skipSpaces(i + 1, end);
      if (this.text[i] === '}' || i >= end) notFast();
    }
  }

  /** A one-line flow sequence `[ value, ... ]` starting at `start`. */
  private flowSeq(start: number, end: number, path: string): [unknown[], number] {
    const list: unknown[] = [];
    let i = this.skipSpaces(start + 1, end);
    if (this.text[i] === ']') return [list, i + 1];
    for (;;) {
      const [value, after] = this.flowScalar(i, end, childPath(path, list.length), ']');
      list.push(value);
      i = this.skipSpaces(after, end);
      if (this.text[i] === ']') return [list, i + 1];
      if (this.text[i] !== ',') notFast();
      i = this.skipSpaces(i + 1, end);
      if (this.text[i] === ']' || i >= end) notFast();
    }
  }

  private skipSpaces(from: number, end: number): number {
    let i = from;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    return i;
  }

  /** A scalar inside a flow collection closed by `close`; returns it and the offset after it. */
  private flowScalar(start: number, end: number, path: string, close: '}' | ']'): [string, number] {
    if (start >= end) notFast();
    const c = this.text[start];
    this.positions.value.set(path, this.point(start));
    if (c === '"' || c === "'") {
      const result = this.quoted(start, end);
      this.positions.text.set(path, { start: { line: this.line + this.lineOffset, column: start - this.lineStart + 2 }, block: false });
      return result;
    }
    let i = start;
    while (i < end && !',[]{}#'.includes(this.text[i]!)) i++;
    if (this.text[i] !== ',' && this.text[i] !== close) notFast();
    const raw = this.text.slice(start, i).trimEnd();
    if (raw.includes(':')) notFast();
    const value = this.plain(raw);
    this.positions.text.set(path, { start: this.point(start), block: false });
    return [value, start + raw.length];
  }

  /**
   * A block scalar (`|`, `|-`, `>` or `>-`) whose indicator is at `start`, in
   * a collection at `indent`. A folded (`>`) block is taken only when no line
   * is indented more than the first and it starts with text.
   */
  private block(start: number, end: number, indent: number, path: string): string {
    const folded = this.text[start] === '>';
    let i = start + 1;
    const strip = this.text[i] === '-';
    if (strip) i++;
    if (i < end && this.text[i] !== ' ') notFast();
    this.restOfLine(i, end);
    this.positions.value.set(path, this.point(start));
    // As load.ts places block text: the line after the indicator, at that line's indentation.
    let spaces = end + 1;
    while (this.text.charCodeAt(spaces) === 32) spaces++;
    this.positions.text.set(path, { start: { line: this.line + 1 + this.lineOffset, column: spaces - end }, block: !folded });
    if (end >= this.text.length) notFast();
    this.nextLine();
    const lines: string[] = [];
    let contentIndent = -1;
    let blankRun = 0;
    // The most spaces on an empty line before the first line of text (YAML refuses more than the text's indentation).
    let leadingSpaces = 0;
    while (this.lineStart < this.text.length) {
      const lineIndent = this.indentHere();
      const stop = this.lineEnd();
      if (this.lineStart + lineIndent >= stop) {
        // An empty line; after the text has begun, more spaces than its indentation would be text.
        if (contentIndent === -1) leadingSpaces = Math.max(leadingSpaces, lineIndent);
        else if (lineIndent > contentIndent) notFast();
        lines.push('');
        blankRun++;
      } else {
        if (contentIndent === -1) {
          if (lineIndent <= indent || leadingSpaces > lineIndent) break;
          contentIndent = lineIndent;
        } else if (lineIndent < contentIndent) break;
        // The last line must end with a line break (else clipping keeps none).
        if (stop === this.text.length) notFast();
        lines.push(this.text.slice(this.lineStart + contentIndent, stop));
        blankRun = 0;
      }
      this.nextLine();
    }
    if (contentIndent === -1) notFast();
    // Clipping and stripping drop the trailing empty lines.
    const kept = lines.slice(0, lines.length - blankRun);
    const content = folded ? fold(kept) : kept.join('\n');
    this.noContinuation(indent);
    return strip ? content : `${content}\n`;
  }

  /** A block sequence whose dashes are at column `indent`, starting on the current line. */
  private blockSeq(indent: number, path: string): unknown[] {
    const list: unknown[] = [];
    this.positions.value.set(path, this.point(this.lineStart + indent));
    for (;;) {
      const dash = this.lineStart + indent;
      if (this.text[dash] !== '-' || (this.text[dash + 1] !== ' ' && this.text[dash + 1] !== '\n')) notFast();
      list.push(this.value(dash + 1, indent, childPath(path, list.length), true));
      this.skipBlankLines();
      if (this.lineStart >= this.text.length) return list;
      const next = this.indentHere();
      if (next < indent) return list;
      if (next > indent) notFast();
      if (this.text[this.lineStart + next] !== '-') return list;
    }
  }
}

/**
 * The lines of a folded block joined as YAML folds them: a line break between
 * two lines of text becomes a space, one followed by n empty lines becomes n
 * line breaks. Lines indented more than the block (kept as they are in YAML)
 * and leading empty lines are left to the `yaml` library.
 */
function fold(lines: string[]): string {
  if (lines[0] === '') notFast();
  let out = '';
  let empty = 0;
  for (const [k, line] of lines.entries()) {
    if (line === '') {
      empty++;
      continue;
    }
    if (line.startsWith(' ')) notFast();
    out += k === 0 ? line : empty === 0 ? ` ${line}` : `${'\n'.repeat(empty)}${line}`;
    empty = 0;
  }
  return out;
}
