import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/doc/index.js';

const parse = (markdown: string, fields: Record<string, string> = {}) =>
  parseSource({ template: 'templates/brief/x.hbs', markdown, fields: new Map(Object.entries(fields).map(([k, v]): [string, Root] => [k, fromMarkdown(v, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] })])) });

describe('parseSource', () => {
  it('lowers the title block, roles and the lead', () => {
    const { blocks, diagnostics } = parse('::::titleblock\n:::organizations\nOSCE\n:::\n\n# Title\n\n:::subtitle\nSub\n:::\n::::\n\n:::lead\nLead *text*\n:::\n');
    expect(diagnostics).toEqual([]);
    expect(blocks).toEqual([
      {
        type: 'titleBlock',
        children: [
          { type: 'paragraph', role: 'organizations', children: [{ type: 'text', value: 'OSCE' }] },
          { type: 'heading', depth: 1, children: [{ type: 'text', value: 'Title' }] },
          { type: 'paragraph', role: 'subtitle', children: [{ type: 'text', value: 'Sub' }] },
        ],
      },
      { type: 'lead', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Lead ' }, { type: 'emphasis', children: [{ type: 'text', value: 'text' }] }] }] },
    ]);
  });

  it('lowers key figures, quotes, figures, notes, closing and page breaks', () => {
    const { blocks, diagnostics } = parse(
      '::::keyfigures\n::keyfigure{value="110+" label="experts &amp; officials"}\n::::\n\n:::quote{speaker="A. Person" role="Head"}\nWords.\n:::\n\n::figure{src="content/a.png" alt="Alt" caption="Cap"}\n\n:::notes\n1. one\n:::\n\n::pagebreak\n\n::::closing\n## Sources\n::::\n',
    );
    expect(diagnostics).toEqual([]);
    expect(blocks.map((b) => b.type)).toEqual(['keyFigures', 'quote', 'figure', 'notes', 'pageBreak', 'closing']);
    expect(blocks[0]).toEqual({ type: 'keyFigures', children: [{ type: 'keyFigure', value: '110+', label: 'experts & officials' }] });
    expect(blocks[1]).toMatchObject({ type: 'quote', speaker: 'A. Person', role: 'Head' });
    expect(blocks[2]).toEqual({ type: 'figure', src: 'content/a.png', alt: 'Alt', caption: 'Cap' });
  });

  it('splices Markdown fields in place of their placeholders, block and inline', () => {
    const { blocks, diagnostics } = parse('## Section\n\n:md{ref="body"}\n\n- :md{ref="point"}\n', {
      body: 'First *para*.\n\n# Field heading\n\nSecond.',
      point: 'A **bold** point',
    });
    expect(diagnostics).toEqual([]);
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'heading', 'paragraph', 'list']);
    // A field's headings sit below the template's (depth + 2).
    expect(blocks[2]).toMatchObject({ type: 'heading', depth: 3 });
    expect(blocks[4]).toMatchObject({ type: 'list', children: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ value: 'A ' }, { type: 'strong' }, { value: ' point' }] }] }] });
  });

  it('keeps a field that cannot leave its place: an unclosed fence stays inside the field', () => {
    const { blocks } = parse(':md{ref="summary"}\n\n## After\n', { summary: '```\nunclosed fence' });
    expect(blocks.map((b) => b.type)).toEqual(['code', 'heading']);
  });

  it('shows raw HTML as literal text', () => {
    const { blocks } = parse(':md{ref="s"}\n', { s: 'a <b>bold</b> <script>x</script>' });
    expect(blocks).toEqual([{ type: 'paragraph', children: [{ type: 'text', value: 'a <b>bold</b> <script>x</script>' }] }]);
  });

  it('resolves reference links from the field’s own definitions', () => {
    const { blocks } = parse(':md{ref="s"}\n', { s: 'see [the site][osce]\n\n[osce]: https://www.osce.org/' });
    expect(blocks).toEqual([{ type: 'paragraph', children: [{ type: 'text', value: 'see ' }, { type: 'link', url: 'https://www.osce.org/', children: [{ type: 'text', value: 'the site' }] }] }]);
  });

  it('reports unknown directives at their generated line instead of dropping them', () => {
    const { diagnostics } = parse('Text\n\n:::sidebar\nx\n:::\n\n::video{src="x"}\n\nand :abbr[x]\n');
    expect(diagnostics.map((d) => d.message)).toEqual([
      'unknown directive `:::sidebar` (generated line 3)',
      'unknown directive `::video` (generated line 7)',
      'unknown directive `:abbr` (generated line 9)',
    ]);
    expect(diagnostics.every((d) => d.file === 'templates/brief/x.hbs')).toBe(true);
  });

  it('reports a block field used inside a line', () => {
    const { diagnostics } = parse('## Heading :md{ref="s"}\n', { s: 'one\n\ntwo' });
    expect(diagnostics[0]!.message).toMatch(/holds block content/);
  });

  it('lowers GFM tables, block quotes, code and breaks', () => {
    const { blocks } = parse(':md{ref="s"}\n', { s: '| a | b |\n|---|--:|\n| 1 | 2 |\n\n> quoted\n\n    code\n\n---' });
    expect(blocks.map((b) => b.type)).toEqual(['table', 'blockquote', 'code', 'thematicBreak']);
    expect(blocks[0]).toMatchObject({ type: 'table', align: [null, 'right'] });
  });
});
