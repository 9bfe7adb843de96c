import { parseCommonMark } from '../doc/micromark.js';
import type { Document, Node as YamlNode } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/index.js';
import { fastYaml } from './fast-yaml.js';
import { jsonSyntaxError } from './json-syntax.js';
import { yamlLibrary } from './yaml.js';
import { childPath, emptyPositions, type FieldPositions, type SourcePoint } from './positions.js';

/** The deepest nesting a content file may have; real items need about five. */
export const MAX_NESTING = 64;

/** Content file extensions and how each is read. */
export const CONTENT_EXTENSIONS = ['.yaml', '.yml', '.json', '.md'] as const;

/** A content file read into plain data, with where each field was written. */
export interface LoadedContent {
  /** Path relative to the project root, with `/` separators. */
  file: string;
  /** The fields: a plain object (own `__proto__` keys are data, never prototypes). */
  data: Record<string, unknown>;
  positions: FieldPositions;
}

/** The result of loading: content, or the faults that stopped it. */
export type LoadResult = { ok: true; content: LoadedContent; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** How a content file is read. */
export interface LoadOptions {
  /**
   * Read YAML that only uses what content items usually do with the fast
   * reader (fast-yaml.ts) instead of the `yaml` library: the same result
   * either way (default true; false for tests that compare the two).
   */
  fastYaml?: boolean;
}

/**
 * Reads a content file's bytes into data with positions. Every fault is a
 * diagnostic naming the file, line and column; nothing is thrown.
 */
export function loadContent(file: string, bytes: Uint8Array, options: LoadOptions = {}): LoadResult {
  const decoded = decode(file, bytes);
  if (!decoded.ok) return { ok: false, diagnostics: [decoded.diagnostic] };
  const text = decoded.text;
  if (text.trim() === '') return { ok: false, diagnostics: [error(file, 'the file is empty: a content item needs at least `title`, `date` and `summary`', { line: 1, column: 1, code: 'empty' })] };
  const lower = file.toLowerCase();
  if (lower.endsWith('.md')) return loadMarkdown(file, text, options);
  if (lower.endsWith('.json')) {
    const syntax = checkJsonSyntax(file, text);
    if (syntax) return { ok: false, diagnostics: [syntax] };
  }
  return loadYaml(file, text, 0, options);
}

function decode(file: string, bytes: Uint8Array): { ok: true; text: string } | { ok: false; diagnostic: Diagnostic } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, diagnostic: error(file, 'the file is UTF-16 encoded; save it as UTF-8', { line: 1, column: 1, code: 'encoding' }) };
  }
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul !== -1) {
    const { line, column } = pointAtByte(body, nul);
    return { ok: false, diagnostic: error(file, 'the file contains NUL bytes: it looks binary, not a UTF-8 text file', { line, column, code: 'encoding' }) };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { ok: true, text: text.replace(/\r\n?/g, '\n') };
  } catch {
    const bad = firstInvalidUtf8(body);
    const { line, column } = pointAtByte(body, bad);
    return { ok: false, diagnostic: error(file, `the file is not valid UTF-8 (bad byte at offset ${bad + start}); save it as UTF-8`, { line, column, code: 'encoding' }) };
  }
}

function pointAtByte(bytes: Uint8Array, offset: number): SourcePoint {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}

/**
 * Refuses nesting deeper than MAX_NESTING with a cheap scan before the YAML
 * parser sees the text: deep input has been seen to abort Node 20 inside the
 * parser, beyond any try/catch.
 */
function checkNesting(file: string, text: string, lineOffset: number): Diagnostic | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let inQuote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      const rest = text.slice(lineStart, lineStart + 4 * MAX_NESTING + 8);
      const indent = /^[ \t]*((?:-[ \t]+)*)/.exec(rest);
      const blockDepth = indent ? (indent[0].length - (indent[1]?.length ?? 0)) / 2 + (indent[1]?.match(/-/g)?.length ?? 0) : 0;
      if (blockDepth > MAX_NESTING) return tooDeep(file, line + lineOffset, 1);
      continue;
    }
    if (inQuote) {
      if (ch === '\\' && inQuote === '"') i++;
      else if (ch === inQuote) inQuote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const prev = text[i - 1];
      if (prev === undefined || /[\s[{,:]/.test(prev)) inQuote = ch;
    } else if (ch === '#' && (i === lineStart || /\s/.test(text[i - 1] ?? ''))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end - 1;
    } else if (ch === '[' || ch === '{') {
      flow++;
      if (flow > MAX_NESTING) return tooDeep(file, line + lineOffset, i - lineStart + 1);
    } else if ((ch === ']' || ch === '}') && flow > 0) {
      flow--;
    }
  }
  const first = /^(?:-[ \t]+){65,}/.exec(text);
  if (first) return tooDeep(file, 1 + lineOffset, 1);
  return undefined;
}

function tooDeep(file: string, line: number, column: number): Diagnostic {
  return error(file, `the file nests more than ${MAX_NESTING} levels deep; content items need only a few`, { line, column, code: 'too-deep' });
}

function checkJsonSyntax(file: string, text: string): Diagnostic | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    // JSON.parse names a position for some faults only; the scanner always does.
    const found = jsonSyntaxError(text);
    const offset = found?.offset ?? Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const reason = found?.message ?? message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    const at = offsetPoint(text, offset);
    const trailingComma = found ? found.trailingComma === true : /[,]\s*[}\]]/.test(text.slice(Math.max(0, offset - 40), offset + 1));
    return error(file, `invalid JSON: ${reason}`, {
      ...at,
      code: 'syntax',
      hints: trailingComma ? ['JSON does not allow a comma after the last entry'] : undefined,
    });
  }
}

/** The 1-based line and column of a character offset in a text. */
export function offsetPoint(text: string, offset: number): SourcePoint {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

function loadYaml(file: string, text: string, lineOffset: number, options: LoadOptions): LoadResult {
  const deep = checkNesting(file, text, lineOffset);
  if (deep) return { ok: false, diagnostics: [deep] };
  const fast = options.fastYaml === false ? undefined : fastYaml(text, lineOffset);
  if (fast) return { ok: true, content: { file, data: fast.data, positions: fast.positions }, warnings: [] };
  const { LineCounter, parseDocument, isMap, isSeq } = yamlLibrary();
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, strict: true });
  } catch (thrown) {
    return { ok: false, diagnostics: [error(file, `could not be read as YAML: ${thrown instanceof Error ? thrown.message : String(thrown)}`, { line: 1 + lineOffset, column: 1, code: 'syntax' })] };
  }
  const at = (offset: number): SourcePoint => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  const faults = doc.errors.map((e) => {
    const start = e.linePos?.[0];
    return error(file, yamlMessage(e.code, e.message), {
      line: (start?.line ?? 1) + lineOffset,
      column: start?.col ?? 1,
      code: 'syntax',
      hints: e.code === 'TAB_AS_INDENT' ? ['indent with spaces; YAML does not allow tabs for indentation'] : undefined,
    });
  });
  if (faults.length > 0) return { ok: false, diagnostics: faults };
  if (!isMap(doc.contents)) {
    const what = isSeq(doc.contents) ? 'a list' : doc.contents === null ? 'nothing' : 'a single value';
    const start = doc.contents?.range?.[0] ?? 0;
    return { ok: false, diagnostics: [error(file, `expected a mapping of fields (title: …, date: …) at the top level, found ${what}`, { ...pointOf(at(start)), code: 'not-a-mapping' })] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return { ok: false, diagnostics: [error(file, `refused: ${message} (too many YAML aliases)`, { line: 1 + lineOffset, column: 1, code: 'aliases' })] };
  }
  const positions = emptyPositions();
  recordPositions(doc.contents, '', positions, at, text);
  return { ok: true, content: { file, data: data as Record<string, unknown>, positions }, warnings: [] };
}

function pointOf(p: SourcePoint): { line: number; column: number } {
  return { line: p.line, column: p.column };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  const clean = first.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key: ${clean}`;
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation';
    default:
      return `YAML syntax error: ${clean}`;
  }
}

function recordPositions(node: YamlNode | null, path: string, positions: FieldPositions, at: (offset: number) => SourcePoint, text: string): void {
  const { isMap, isPair, isScalar, isSeq, Scalar } = yamlLibrary();
  if (!node) return;
  if (node.range) positions.value.set(path, at(node.range[0]));
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const child = childPath(path, key);
      if (keyNode && keyNode.range) positions.key.set(child, at(keyNode.range[0]));
      const value = pair.value as YamlNode | null;
      if (value) recordPositions(value, child, positions, at, text);
      else if (keyNode?.range) positions.value.set(child, at(keyNode.range[0]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => recordPositions(item as YamlNode | null, childPath(path, index), positions, at, text));
  } else if (isScalar(node) && node.range && typeof node.value === 'string') {
    const start = at(node.range[0]);
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      // The content starts on the line after the `|` / `>` indicator.
      const nextLine = text.indexOf('\n', node.range[0]);
      const after = nextLine === -1 ? node.range[0] : nextLine + 1;
      const indent = /^ */.exec(text.slice(after))?.[0].length ?? 0;
      positions.text.set(path, { start: { line: start.line + 1, column: indent + 1 }, block: node.type === Scalar.BLOCK_LITERAL });
    } else {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      positions.text.set(path, { start: { line: start.line, column: start.column + (quoted ? 1 : 0) }, block: false });
    }
  }
}

/**
 * Reads a Markdown item: YAML front matter between `---` lines, then a body
 * split at level-2 headings into sections (text before the first heading is
 * the summary when the front matter has none).
 */
function loadMarkdown(file: string, text: string, options: LoadOptions): LoadResult {
  if (!/^---[ \t]*\n/.test(text)) {
    return { ok: false, diagnostics: [error(file, 'a Markdown item starts with YAML front matter between `---` lines', { line: 1, column: 1, code: 'front-matter' })] };
  }
  const open = text.indexOf('\n') + 1;
  const close = /^---[ \t]*$/m.exec(text.slice(open));
  if (!close) {
    return { ok: false, diagnostics: [error(file, 'the front matter has no closing `---` line', { line: 1, column: 1, code: 'front-matter', hints: ['end the front matter with a line holding only `---`'] })] };
  }
  const yamlText = text.slice(open, open + close.index);
  const bodyStart = open + close.index + close[0].length + 1;
  const bodyLineOffset = text.slice(0, Math.min(bodyStart, text.length)).split('\n').length - 1;
  const loaded = yamlText.trim() === '' ? emptyFrontMatter(file) : loadYaml(file, yamlText, 1, options);
  if (!loaded.ok) return loaded;
  const { data, positions } = loaded.content;
  const body = bodyStart <= text.length ? text.slice(bodyStart) : '';
  const diagnostics: Diagnostic[] = [];
  const split = splitBody(body);
  if (split.lead.text.trim() !== '') {
    if (data.summary === undefined) {
      data.summary = split.lead.text.trim();
      positions.value.set('summary', { line: bodyLineOffset + split.lead.line, column: 1 });
      positions.text.set('summary', { start: { line: bodyLineOffset + split.lead.line, column: 1 }, block: true });
    } else {
      diagnostics.push(error(file, 'text before the first `##` heading becomes the summary, but the front matter already has a `summary`', { line: bodyLineOffset + split.lead.line, column: 1, code: 'duplicate-summary', hints: ['move this text under a `## Heading`, or remove `summary` from the front matter'] }));
    }
  }
  if (split.sections.length > 0) {
    const existing = data.sections;
    if (existing !== undefined && !Array.isArray(existing)) {
      diagnostics.push(error(file, 'expected `sections` to be a list, since the body adds sections to it', { ...(positions.value.get('sections') ?? { line: 1, column: 1 }), path: 'sections' }));
    } else {
      const list = (existing as unknown[] | undefined) ?? [];
      if (existing === undefined) positions.value.set('sections', { line: bodyLineOffset + split.sections[0]!.line, column: 1 });
      for (const section of split.sections) {
        const index = list.length;
        const path = childPath('sections', index);
        const entry: Record<string, unknown> = { heading: section.heading };
        const headingAt = { line: bodyLineOffset + section.line, column: 4 };
        positions.value.set(path, { line: bodyLineOffset + section.line, column: 1 });
        positions.value.set(`${path}.heading`, headingAt);
        positions.text.set(`${path}.heading`, { start: headingAt, block: false });
        if (section.body.trim() !== '') {
          entry.body = section.body.trim();
          const bodyAt = { line: bodyLineOffset + section.bodyLine, column: 1 };
          positions.value.set(`${path}.body`, bodyAt);
          positions.text.set(`${path}.body`, { start: bodyAt, block: true });
        }
        list.push(entry);
      }
      data.sections = list;
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return loaded;
}

function emptyFrontMatter(file: string): LoadResult {
  return { ok: true, content: { file, data: {}, positions: emptyPositions() }, warnings: [] };
}

interface BodySection {
  heading: string;
  line: number;
  body: string;
  bodyLine: number;
}

/** Splits a Markdown body at level-2 ATX/setext headings found by the CommonMark parser (so `##` in code blocks is left alone). */
function splitBody(body: string): { lead: { text: string; line: number }; sections: BodySection[] } {
  const tree = parseCommonMark(body);
  const lines = body.split('\n');
  const headings = tree.children.filter((n) => n.type === 'heading' && n.depth === 2 && n.position);
  const sliceLines = (from: number, to: number) => lines.slice(from - 1, to - 1).join('\n');
  const firstLine = headings[0]?.position?.start.line ?? lines.length + 1;
  const sections: BodySection[] = headings.map((h, i) => {
    const start = h.position!.start.line;
    const end = h.position!.end.line;
    const next = headings[i + 1]?.position?.start.line ?? lines.length + 1;
    const headingText = body.slice(h.position!.start.offset ?? 0, h.position!.end.offset ?? 0).replace(/^##[ \t]*/, '').replace(/[ \t]+#+[ \t]*$/, '').replace(/\n[=-]+[ \t]*$/, '').trim();
    return { heading: headingText, line: start, body: sliceLines(end + 1, next), bodyLine: end + 1 };
  });
  return { lead: { text: sliceLines(1, firstLine), line: 1 }, sections };
}
