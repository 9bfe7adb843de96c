import fc from 'fast-check';
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/doc/index.js';
import { fastParse, fastParseField } from '../../src/doc/fast-parse.js';
import { escapeMarkdownText, encodeAttribute } from '../../src/template/escape.js';
import { seedFor } from '../helpers/seed.js';

const field = (markdown: string): Root => fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
const fields = new Map<string, Root>([
  ['inline', field('field *one* with [a link](https://example.org)')],
  ['block', field('para one\n\npara two')],
  ['list', field('- a\n- b')],
  ['empty', field('')],
]);

/** parseSource with the fast path and with micromark only: the same blocks and faults. */
function compare(markdown: string): boolean {
  const input = { template: 'templates/brief/x.hbs', markdown, fields };
  const fast = parseSource(input);
  const slow = parseSource(input, { fast: false });
  expect(fast, JSON.stringify(markdown)).toEqual(slow);
  return fastParse(markdown) !== undefined;
}

describe('fast path of parseSource', () => {
  it('reads the usual template output itself', () => {
    const sample = [
      '::::titleblock',
      ':::organizations',
      'UNODC · Regional Centre',
      ':::',
      '',
      '# Évaluation \\(1\\)',
      '',
      ':::meta',
      '2 février 2024 · Paris',
      ':::',
      '::::',
      '',
      ':::lead',
      ':md{ref="block"}',
      ':::',
      '',
      '::::keyfigures',
      '::keyfigure{label="réseaux &amp; &quot;x&quot;" value="551+"}',
      '::::',
      '',
      '## Financement',
      '',
      ':md{ref="block"}',
      '',
      '- :md{ref="inline"}',
      '- :md{ref="list"}',
      '',
      ':::notes',
      '1. :md{ref="inline"}',
      '1. :md{ref="inline"}',
      ':::',
      '',
      ':::quote{role="Chargé" speaker="G. Lemahieu"}',
      'Formation\\. Régionale\\.',
      ':::',
      '',
      '::figure{src="content/a.png" alt="Alt" caption="Cap"}',
      '',
      '::::closing',
      '## Sources',
      '',
      '- [Commune agents](https\\:\\/\\/example\\.org\\/item\\-0001), UNODC, 2 février 2024',
      '',
      '## Contact',
      '',
      '- Press office',
      '- Courriel: [press\\-1\\@example\\.org](mailto:press\\-1\\@example\\.org)',
      '',
      '::::',
      '',
    ].join('\n');
    expect(compare(sample)).toBe(true);
  });

  it('gives up, or agrees with micromark, on constructs near the subset', () => {
    const cases = [
      '1. a\n2. b',
      '2. a\n3. b',
      '1. a\n1) b',
      '- a\n1. b',
      '1. a\n- b',
      '- a\nb',
      'a\n- b',
      'a\n1. b',
      'a\n2. b',
      '- a\n\n- b',
      '- a\n\n\n- b',
      '- a\n\nb',
      '- a\n## h',
      'a\n## h',
      'a\n:::lead\nb\n:::',
      'a\n::pagebreak',
      ':::lead\na\n:::',
      ':::lead\na',
      '::::closing\n:::lead\na\n::::\nb',
      ':::lead\n::::closing\na\n::::\nb',
      ':::lead\n:::\n:::',
      ':::',
      'a\n===',
      'a\n---',
      'a|b\n-|-',
      '| a |\n| - |',
      '# a #',
      '#a',
      '####### a',
      '# ',
      '## :md{ref="inline"}',
      ':md{ref="inline"} and more',
      'x :md{ref="inline"}',
      'x::md{ref="inline"}',
      'x\\::md{ref="inline"}',
      ':md{ref="block"}',
      '- :md{ref="block"}',
      'text :md{ref="block"}',
      ':md{ref="missing"}',
      ':md{ref="empty"}',
      ':mdx{ref="inline"}',
      'at 10:30',
      'at 10:a',
      'a: b',
      'mailto:x',
      '[a](b)',
      '[a] (b)',
      '[a](b c)',
      '[a](<b>)',
      '[a](b "t")',
      '[a](b(c))',
      '[a]: b',
      '[a][b]\n\n[b]: https://x',
      '![a](b)',
      '[](b)',
      '[a]()',
      'a **b**',
      'a *b*',
      'a _b_',
      'a `b`',
      'a <b>',
      'a &amp; b',
      'a\\',
      'a  \nb',
      'a \nb',
      ' a',
      '    a',
      '\ta',
      'a\tb',
      '::figure{src="a" alt="b"} x',
      '::figure[x]{src="a" alt="b"}',
      '::figure{src=a alt="b"}',
      '::figure{src="a"  alt="b"}',
      '::figure{#id src="a" alt="b"}',
      '::figure{src="a" src="b" alt="c"}',
      '::figure{src="a&#10;b" alt="c"}',
      '::figure{src="a&#13;b" alt="c"}',
      '::figure{src="a&lt;b" alt="c"}',
      ':::quote{speaker="A"}\nWords\n:::',
      ':::quote{speaker=""}\nWords\n:::',
      ':::unknown\nx\n:::',
      '::unknown',
      ':unknown',
      '1234567890. a',
      '123456789. a',
      '01. a',
      '1.5 million',
      '- ',
      '-',
      '-a',
      '- - a',
      '- # a',
      '- 1. a',
      '+ a',
      '* a',
      '> a',
      '```\na\n```',
      '<div>\na\n</div>',
      '***',
      '- a\n:::',
      ':::notes\n- a\n:::\n- b',
      ':::notes\n- a\n:::\n\n- b',
      '\u00a0a',
      'a\u00a0\nb',
      'a\r\nb',
    ];
    for (const markdown of cases) compare(markdown);
  });

  it('agrees with micromark on generated template-like Markdown (property)', () => {
    const word = fc.constantFrom('Évaluation', 'soutien', 'x', '2024', '1.5', 'a·b', 'Paris', 'Москва', '«quoted»', 'C#', 'a|b', 'x}y', 'x{y', '~a~', '"q"', "it's", '(p)', '1)', '10:30', 'a:b', 'http://x.org', ':', '::', '!', '!x', '#x', '=');
    const plain = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '*', '_', '`', '<', '&', '[', ']', '(', ')', '#', ':', '-', '1', '\\', '!', '|', 'é', '"', '{', '}'), maxLength: 12 }).map(escapeMarkdownText);
    const raw = fc.constantFrom('*', '_', '`', '<b>', '&amp;', '[', ']', '\\', '\\a', ':', '::', '  ', ' ', '\t', '!', '![x](y)', '<https://x.org>', '**b**', '*i*');
    const link = fc.tuple(plain, plain, fc.constantFrom('', ' ', '(', ')', ' "t"', '<', '&amp;')).map(([text, url, extra]) => `[${text}](https\\:\\/\\/${url.replace(/\s/g, '')}${extra})`);
    const md = fc.constantFrom(':md{ref="inline"}', ':md{ref="block"}', ':md{ref="list"}', ':md{ref="empty"}', ':md{ref="none"}', ':md{}', ':md');
    const inline = fc.array(fc.oneof({ weight: 6, arbitrary: word }, { weight: 4, arbitrary: plain }, { weight: 1, arbitrary: raw }, { weight: 2, arbitrary: link }, { weight: 2, arbitrary: md }), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));
    const attrValue = fc.string({ maxLength: 8 }).map(encodeAttribute);
    const name = fc.constantFrom('lead', 'notes', 'closing', 'titleblock', 'organizations', 'subtitle', 'meta', 'attribution', 'keyfigures', 'quote', 'unknown', 'lead-x', 'lead_', '1x');
    const attrs = fc.oneof(
      fc.constant(''),
      fc.constant('{}'),
      fc.tuple(attrValue, attrValue).map(([a, b]) => `{speaker=${a} role=${b}}`),
      fc.tuple(attrValue, attrValue).map(([a, b]) => `{value=${a} label=${b}}`),
      fc.constantFrom('{speaker="A"}', '{speaker=A}', '{.c speaker="A"}', '[label]{speaker="A"}', '{speaker="A" }', '{ speaker="A"}'),
    );
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.constant('') },
      { weight: 6, arbitrary: inline },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('#', '##', '###', '#######', '#'), fc.constantFrom(' ', '', '  '), inline, fc.constantFrom('', ' #', '#')).map(([h, s, t, c]) => `${h}${s}${t}${c}`) },
      { weight: 5, arbitrary: fc.tuple(fc.constantFrom('- ', '1. ', '2. ', '1) ', '-', '* ', '+ ', '10. ', '-  ', '1234567890. '), inline).map(([m, t]) => `${m}${t}`) },
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(':::', '::::', ':::::'), name, attrs).map(([f, n, a]) => `${f}${n}${a}`) },
      { weight: 4, arbitrary: fc.constantFrom(':::', '::::', ':::::', '::', ':::: ') },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom('::figure', '::keyfigure', '::pagebreak', '::unknown'), fc.oneof(fc.constant(''), fc.tuple(attrValue, attrValue).map(([a, b]) => `{src=${a} alt=${b}}`), fc.tuple(attrValue, attrValue).map(([a, b]) => `{value=${a} label=${b}}`))).map(([l, a]) => `${l}${a}`) },
      { weight: 1, arbitrary: fc.constantFrom('---', '===', '***', '| a | b |', '|---|---|', '> q', '```', '    code', ' a', '<div>', '[a]: https://x.org', '[a][]') },
    );
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 14 }), fc.boolean(), (lines, trailing) => {
        runs++;
        if (compare(lines.join('\n') + (trailing ? '\n' : ''))) accepted++;
      }),
      { numRuns: 3000, seed: seedFor('fast parse: template output'), endOnFailure: true },
    );
    // The generator must exercise the fast path itself, not only the fallback.
    expect(accepted).toBeGreaterThan(runs / 10);
  });
});

/** An mdast tree without positions (the fast path records none). */
function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'position').map(([key, value]) => [key, withoutPositions(value)]));
}

/** The fast field tree, when there is one, is micromark's tree. */
function compareField(markdown: string): boolean {
  const fast = fastParseField(markdown);
  if (fast) expect(fast, JSON.stringify(markdown)).toEqual(withoutPositions(field(markdown)));
  return fast !== undefined;
}

describe('fast path of Markdown fields', () => {
  it('reads plain paragraphs with simple emphasis, and gives up on the rest', () => {
    expect(compareField('**convenu convenu évaluation** Nationale ministres.\n\nPrécurseurs *convenu* partenaires, soutien.')).toBe(true);
    expect(compareField('')).toBe(true);
    expect(compareField('Écrit\\: 10\\.5 % (x) — «y» a|b #c ~d~ {e}')).toBe(true);
    const cases = [
      '**a** b', '*a* b', 'a **b**.', 'a **b**c', 'a**b**', '**a**', '** a**', '**a **', '***a***', '* a', '*a', 'a*', '**a*', '*a**',
      '**a\nb**', 'a\n**b**', 'a *b **c** d*', '_a_', '__a__', 'a_b', 'a _b_ c', 'a __b__ c', 'a `b` c', 'a <b> c', 'a &amp; c', 'a [b](c) d', '`a`', '<a>', '&amp;', '[a](b)', '![a](b)', '[a]: b',
      'a\\', 'a\\b', 'a  \nb', ' a', '    a', '\ta', 'a\tb', '- a', '1. a', '1) a', '# a', '> a', 'a\n===', 'a\n---', 'a\n- b',
      'a|b\n-|-', '| a |\n| - |', '*** ', '---', 'a\n\n\nb', '**1** a', '**é** a', '*a*, b', '*a*; b', '*a*) b', '(*a*) b',
      '**Ω** x', 'x **ꞵ**', '**a** **b**', 'a\r\nb', '\u00a0a', 'a\u00a0', 'a: b', 'https://example.org', 'a\n\n',
    ];
    for (const markdown of cases) compareField(markdown);
  });

  it('agrees with micromark on generated field text (property)', () => {
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('word', 'Évaluation', '2024', 'x', 'Москва', 'a.b', '(p)', 'é', '1.', '1)', 'C#', 'a|b', 'x:y') },
      { weight: 3, arbitrary: fc.constantFrom('*', '**', '***', '_', '__', '\\*', '\\.', '\\', '`', '[', ']', '<', '&', '!', '#', '-', '+', '>', '=', '|', ':', '.', ',', ')', '(', '\u00a0', '\t') },
      { weight: 2, arbitrary: fc.constantFrom('**word**', '*word*', '**two words**', '*Évaluation*') },
    );
    const sep = fc.constantFrom(' ', ' ', ' ', '', '\n', '\n\n', '  \n', '\n ');
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, sep), { maxLength: 10 }), (parts) => {
        runs++;
        if (compareField(parts.map(([p, s]) => p + s).join('').trim())) accepted++;
      }),
      { numRuns: 3000, seed: seedFor('fast parse: Markdown fields'), endOnFailure: true },
    );
    expect(accepted).toBeGreaterThan(runs / 10);
  });
});
