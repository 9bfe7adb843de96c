import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource, plainText } from '../../src/doc/index.js';
import { encodeAttribute, escapeMarkdownText } from '../../src/template/index.js';

/** Characters that mean something in Markdown, HTML, Handlebars or directives, mixed into random strings. */
const HOSTILE_PIECES = ['#', '*', '_', '`', '|', '<b>', '</b>', '{{', '}}', ':::', '::', ':x[', ']', '[l](http://x)', '\\', '>', '-', '1.', '+', '=', '~', '!', '&amp;', '&', '"', "'", '“', '”', '–', '🙂', ' ', '    ', '\t', 'a', 'Ж', '\n', '\r', '\r\n'];

const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 24 })
  .map((parts) => parts.join('').trim())
  .filter((s) => s !== '');

/** Parses Markdown made by the templates' way of inserting a plain value into a paragraph. */
function roundTrip(markdown: string): { text: string; types: string[] } {
  const { blocks, diagnostics } = parseSource({ template: 't.hbs', markdown, fields: new Map() });
  expect(diagnostics).toEqual([]);
  return { text: plainText(blocks), types: blocks.map((b) => b.type) };
}

describe('escapeMarkdownText', () => {
  it('keeps any plain value literal in a paragraph, a heading and a list item (property, 300 runs)', () => {
    const seed = Number(process.env.BRIEFKIT_SEED ?? Date.now() % 2 ** 31);
    console.log(`escape property seed: ${seed} (rerun with BRIEFKIT_SEED=${seed})`);
    fc.assert(
      fc.property(hostileString, (value) => {
        // Tabs and runs of spaces are white space in Markdown; the contract keeps the characters, not their width.
        const expected = value.replace(/\s*[\r\n]\s*/g, ' ');
        const escaped = escapeMarkdownText(value);
        const para = roundTrip(escaped);
        expect(para.types).toEqual(['paragraph']);
        expect(para.text).toBe(expected);
        const heading = roundTrip(`## ${escaped}`);
        expect(heading.types).toEqual(['heading']);
        expect(heading.text).toBe(expected);
        const item = roundTrip(`- ${escaped}`);
        expect(item.types).toEqual(['list']);
        expect(item.text).toBe(expected);
      }),
      { numRuns: 300, seed },
    );
  });

  it('neutralises structure at line starts and inline', () => {
    for (const value of ['# not a heading', '**x**', '{{title}}', '<b>', '| a |', ':::note', '[l](http://x)', '\\', '1. one', '> quote', '---', '`code`', '<https://x>', '&amp;']) {
      const result = roundTrip(escapeMarkdownText(value));
      expect(result).toEqual({ text: value, types: ['paragraph'] });
    }
  });

  it('folds line breaks so a value cannot start a new block', () => {
    expect(roundTrip(escapeMarkdownText('a\n\n# b\n- c'))).toEqual({ text: 'a # b - c', types: ['paragraph'] });
  });
});

describe('encodeAttribute', () => {
  it('round-trips any value through a directive attribute (property, 300 runs)', () => {
    const seed = Number(process.env.BRIEFKIT_SEED ?? Date.now() % 2 ** 31);
    console.log(`attribute property seed: ${seed}`);
    fc.assert(
      fc.property(hostileString, (value) => {
        const { blocks, diagnostics } = parseSource({ template: 't.hbs', markdown: `::figure{src=${encodeAttribute('a.png')} alt=${encodeAttribute(value)}}`, fields: new Map() });
        expect(diagnostics).toEqual([]);
        expect(blocks).toEqual([{ type: 'figure', src: 'a.png', alt: value }]);
      }),
      { numRuns: 300, seed },
    );
  });
});
