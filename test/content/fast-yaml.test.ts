import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastYaml } from '../../src/content/fast-yaml.js';
import { loadContent, type LoadResult } from '../../src/content/load.js';
import { seedFor } from '../helpers/seed.js';

const encoder = new TextEncoder();

/** The result of loading as plain data, positions included, with key order kept. */
function snapshot(result: LoadResult): string {
  if (!result.ok) return JSON.stringify(result);
  const { data, positions } = result.content;
  return JSON.stringify({ data, value: [...positions.value], key: [...positions.key], text: [...positions.text], warnings: result.warnings });
}

/** Loads with and without the fast reader; returns whether the fast reader took the text. */
function compare(text: string, file = 'content/x.yaml'): boolean {
  const bytes = encoder.encode(text);
  const slow = loadContent(file, bytes, { fastYaml: false });
  const fast = loadContent(file, bytes);
  expect(snapshot(fast)).toBe(snapshot(slow));
  return fastYaml(text.replace(/\r\n?/g, '\n'), 0) !== undefined;
}

// A generated item: a tree of maps, lists and strings written in the many ways YAML allows.
type Tree = string | { map: [string, Tree][] } | { list: Tree[] };

const word = fc.constantFrom('id', 'title', 'summary', 'sections', 'heading', 'body', 'points', 'value', 'label', 'a', 'b-c', 'x_y', 'Z9');
const oddKey = fc.constantFrom('__proto__', 'with space', '"quoted"', "'single'", 'on', 'yes', 'null', '1', '-k', 'k:', '? k', 'ключ');
const key = fc.oneof({ weight: 40, arbitrary: word }, { weight: 1, arbitrary: oddKey });
const textChar = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom(...'abcdefghij ABC éèüß ыж 中文 '.split('')) },
  { weight: 4, arbitrary: fc.constantFrom(...':#-,[]{}|>&*!%@`\'"\\?~/.0123456789+'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom('🙂', '\t', '\u0085', '\u00a0', ' #', ': ', '\\n', '\\u00e9', '\\x41', '\\"') },
);
const text = fc.array(textChar, { maxLength: 24 }).map((a) => a.join(''));
const special = fc.constantFrom('true', 'False', 'null', '~', '', '12', '-3', '0x1F', '0o17', '1.5', '.inf', '.NaN', '1e3', '2024-02-02', '551+', '27%', 'v1.2', 'http://x.org/a#b');
const scalar = fc.oneof({ weight: 12, arbitrary: text }, { weight: 1, arbitrary: special });

// What items usually hold: words, accents, sentence punctuation.
const cleanText = fc.array(fc.constantFrom(...Array.from('abcdefghij ABC éèüß ыж 中文 .,;()?!/ 🙂')), { minLength: 1, maxLength: 30 }).map((a) => a.join('').trim() || 'x');

/** Trees of `leaf` strings; `clean`: no empty collections and no repeated keys, as in real items. */
const treeOf = (leaf: fc.Arbitrary<string>, k: fc.Arbitrary<string>, clean: boolean): fc.Arbitrary<Tree> =>
  fc.letrec<{ tree: Tree; map: Tree; list: Tree }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { weight: 5, arbitrary: leaf }, { weight: 2, arbitrary: tie('map') }, { weight: 2, arbitrary: tie('list') }),
    map: fc.uniqueArray(fc.tuple(k, tie('tree')), { minLength: clean ? 1 : 0, maxLength: 5, selector: ([name]) => (clean ? name : Math.random()) }).map((map) => ({ map })),
    list: fc.array(tie('tree'), { minLength: clean ? 1 : 0, maxLength: 4 }).map((list) => ({ list })),
  })).tree;
const tree = treeOf(scalar, key, false);
const cleanTree = treeOf(cleanText, word, true);

/** Choices of how to write each node, drawn from a stream of numbers. */
class Style {
  private i = 0;
  /** `clean`: only the ways of writing that the fast reader takes (mostly). */
  constructor(
    private readonly choices: number[],
    readonly clean = false,
  ) {}
  pick(n: number): number {
    const c = this.choices[this.i++ % this.choices.length] ?? 0;
    return c % n;
  }
}

function scalarText(value: string, style: Style, indent: number, inFlow: boolean): string[] | string {
  if (style.clean) {
    const pad = ' '.repeat(indent + 2);
    switch (style.pick(inFlow ? 3 : 5)) {
      case 0:
        return /^[?!]|[,()]/u.test(value) ? JSON.stringify(value) : value;
      case 1:
        return JSON.stringify(value);
      case 2:
        return `'${value}'`;
      default:
        return [['|', '|-', '>', '>-'][style.pick(4)]!, ...value.split(/[.,] /u).map((part, i) => (i === 1 || i === 3 ? '' : `${pad}${part}`))];
    }
  }
  switch (style.pick(inFlow ? 3 : 6)) {
    case 0:
      return value;
    case 1:
      return JSON.stringify(value);
    case 2:
      return `'${value.replaceAll("'", "''")}'`;
    case 3:
    case 4: {
      const pad = ' '.repeat(indent + 1 + style.pick(3));
      const head = ['|', '|-', '|+', '>', '|2'][style.pick(5)]!;
      return [head, ...value.split(/(?<=\s)/u).map((part, i) => (i % 3 === 2 ? '' : `${pad}${part}`))];
    }
    default:
      return `"${value}"`;
  }
}

function comment(style: Style): string {
  return (style.clean ? ['', '', '', ' # note'] : ['', '', '', ' # note', '  #x', '#glued'])[style.pick(style.clean ? 4 : 6)]!;
}

/** Writes a value after `key:` or `- ` (the lines that follow are indented past `indent`). */
function emit(value: Tree, indent: number, style: Style, out: string[], lead: string): void {
  if (typeof value === 'string') {
    const written = scalarText(value, style, indent, false);
    if (typeof written === 'string') out.push(`${lead}${written}${comment(style)}`);
    else {
      out.push(`${lead}${written[0]}${comment(style)}`);
      out.push(...written.slice(1));
    }
    return;
  }
  const flow = style.pick(4) === 0;
  if (flow && 'map' in value && value.map.every(([, v]) => typeof v === 'string')) {
    const items = value.map.map(([k, v]) => `${k}: ${scalarText(v as string, style, indent, true) as string}`);
    out.push(`${lead.endsWith(':') ? `${lead} ` : lead}{${style.pick(2) ? ' ' : ''}${items.join(', ')}${style.pick(2) ? ' ' : ''}}${comment(style)}`);
    return;
  }
  if (flow && 'list' in value && value.list.every((v) => typeof v === 'string')) {
    const items = value.list.map((v) => scalarText(v as string, style, indent, true) as string);
    out.push(`${lead.endsWith(':') ? `${lead} ` : lead}[${items.join(', ')}]${comment(style)}`);
    return;
  }
  const step = [2, 2, 2, 4, 1, 3][style.pick(6)]!;
  if ('map' in value) {
    const inner = indent + step;
    if (lead.endsWith('- ') && style.pick(2) === 0 && value.map.length > 0) {
      // A compact mapping on the dash's line.
      const column = lead.length;
      value.map.forEach(([k, v], i) => emit(v, column, style, out, `${i === 0 ? lead : ' '.repeat(column)}${k}:${typeof v === 'string' ? ' ' : ''}`));
      return;
    }
    out.push(`${lead.trimEnd()}${comment(style)}`);
    if (style.pick(5) === 0) out.push(style.pick(2) ? '' : `${' '.repeat(inner)}# about`);
    for (const [k, v] of value.map) emit(v, inner, style, out, `${' '.repeat(inner)}${k}:${typeof v === 'string' ? ' ' : ''}`);
    return;
  }
  out.push(`${lead.trimEnd()}${comment(style)}`);
  // A list under a key may sit at the key's own indentation.
  const dashes = lead.endsWith(': ') || lead.endsWith(':') ? (style.pick(3) === 0 ? indent : indent + step) : indent + step;
  for (const item of value.list) emit(item, dashes, style, out, `${' '.repeat(dashes)}- `);
}

function document(map: [string, Tree][], style: Style): string {
  const out: string[] = [];
  if (style.pick(4) === 0) out.push('# an item', '');
  for (const [k, v] of map) {
    emit(v, 0, style, out, `${k}:${typeof v === 'string' ? ' ' : ''}`);
    if (style.pick(6) === 0) out.push('');
  }
  return out.join('\n') + ['\n', '\n', '', '\n\n'][style.pick(4)]!;
}

describe('fast YAML reader', () => {
  it('gives what the yaml library gives for generated items, or leaves them to it', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), (map, choices) => {
        runs++;
        if (compare(document(map, new Style(choices)))) taken++;
      }),
      { numRuns: 4000, seed: seedFor('fast YAML = yaml'), endOnFailure: true },
    );
    // The generator must exercise the fast reader, not only the fallback.
    // Most of these go to the library; some must not.
    expect(taken).toBeGreaterThan(runs / 20);
  });

  it('takes items written the usual ways, with the same result', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(word, cleanTree), { minLength: 1, maxLength: 6, selector: ([name]) => name }), fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), (map, choices) => {
        runs++;
        if (compare(document(map, new Style(choices, true)))) taken++;
      }),
      { numRuns: 3000, seed: seedFor('fast YAML = yaml, usual items'), endOnFailure: true },
    );
    expect(taken).toBeGreaterThan(runs * 0.7);
  });

  it('reads hand-written edge cases as the yaml library does', () => {
    const cases = [
      'a: b\n',
      'a: b',
      'a: "x\\ty\\u00e9\\/"\n',
      "a: 'it''s'\n",
      'a: |\n  one\n\n  two\n\n\nb: c\n',
      'a: |-\n  one\n  two\n',
      'a: |\n   deeper\n  shallower\n',
      'a: |\n\n  after blank\n',
      'a: |\n  # not a comment\nb: x # a comment\n',
      'list:\n- a\n- b\nnext: c\n',
      'list:\n  - a: 1x\n    b: y\n  - { c: d }\n  - [e, "f"]\n',
      'a:\n  b:\n    c: d\n  e: f\n',
      'a: b\n  c\n',
      'a: b\n\n  c\n',
      'a: "b"\n  c: d\n',
      'a: {}\nb: []\n',
      'a: { x: 1, y: 2 }\n',
      'a: [x, y, ]\n',
      'a: b: c\n',
      'a:\nb: c\n',
      'a: b\na: c\n',
      '---\na: b\n',
      'a: b\n...\n',
      '- a\n',
      '%YAML 1.2\n---\na: b\n',
      'a: &x b\nc: *x\n',
      'a: !!str 12\n',
      'a: >\n  folded\n  text\n',
      'a: >-\n  folded\n\n  after one\n\n\n  after two\n  same line\n',
      'a: >\n  folded\n    more indented\n  back\n',
      'a: >\n\n  leading empty line\n',
      'a: >\n  trailing spaces  \n  next\n',
      'a: C# and F#\n',
      'a: x #y\n',
      'a: "x"#y\n',
      'a: |\n  text',
      '# only a comment\n',
      'a: [ "x" , y ]\n',
      'a: { b: "c" } # comment\n',
      'seq:\n  - |\n    block in a list\n  - plain\n',
      'm:\n  - k: |\n      block in a compact map\n    j: after\n',
    ];
    for (const text of cases) compare(text);
  });

  it('takes every bench-shaped and bundled content item', () => {
    const dirs = ['content', 'examples/content'];
    let files = 0;
    for (const dir of dirs) {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names.filter((n) => /\.(ya?ml|md)$/u.test(n))) {
        const path = join(dir, name);
        compare(readFileSync(path, 'utf8'), path);
        files++;
      }
    }
    expect(files).toBeGreaterThan(0);
  });
});
