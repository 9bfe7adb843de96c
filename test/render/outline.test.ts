import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhrasingContent, Root, RootContent } from 'mdast';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { gfmTable } from 'micromark-extension-gfm-table';
import { describe, expect, it } from 'vitest';
import type { Block, Doc } from '../../src/doc/types.js';
import { docToDeck } from '../../src/render/deck/index.js';
import { neutraliseComment, renderOutline, renderOutlineMarp } from '../../src/render/outline/index.js';
import { libraryTextOptions, patternsFor, printMarkdown } from '../../src/render/outline/markdown.js';
import { seedFor } from '../helpers/seed.js';
import { kitchenSinkDoc, kitchenSinkInput } from '../fixtures/kitchen-sink.js';

const HOSTILE = 'Literal: # not a heading, **x**, {{title}}, <b>, | a |, :::note, [l](http://x), \\, 🙂, “curly” – dash, $5 ^2^ ~x~ @cite :smile: <!-- c -->';

async function outlineOf(doc: Doc, flavor: 'marp' | 'pandoc' = 'marp'): Promise<string> {
  const result = await renderOutline(kitchenSinkInput(doc), { flavor });
  return new TextDecoder().decode(result.bytes);
}

function parse(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
}

/** Splits a parsed outline into slides at thematic breaks, after the front matter. */
function slidesOf(markdown: string): RootContent[][] {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  const slides: RootContent[][] = [[]];
  for (const node of parse(body).children) {
    if (node.type === 'thematicBreak') slides.push([]);
    else slides[slides.length - 1]?.push(node);
  }
  return slides;
}

const docWith = (children: Block[]): Doc => ({ ...kitchenSinkDoc, children });

describe('renderOutline', () => {
  it('writes Marp front matter with the marking as a quoted header', async () => {
    const text = await outlineOf(kitchenSinkDoc);
    expect(text.startsWith('---\nmarp: true\ntitle: "Kitchen sink: every node type"\nlang: "en"\npaginate: true\nheader: "PUBLIC"\n---\n\n## ')).toBe(true);
  });

  it('has one slide per deck slide, each with exactly one heading, first, and `---` between blank lines', async () => {
    const text = await outlineOf(kitchenSinkDoc);
    const deck = docToDeck(kitchenSinkDoc);
    const slides = slidesOf(text);
    expect(slides).toHaveLength(deck.slides.length);
    slides.forEach((nodes, i) => {
      expect(nodes.filter((n) => n.type === 'heading')).toHaveLength(1);
      expect(nodes[0]).toMatchObject({ type: 'heading', depth: 2 });
      expect(toString(nodes[0])).toBe(deck.slides[i]?.title);
    });
    expect(text.split('\n---\n').length - 1).toBe(deck.slides.length); // front matter end + separators
    const body = text.slice(text.indexOf('\n---\n') + 5);
    expect(body).not.toMatch(/[^\n]\n---\n|\n---\n[^\n]/u);
  });

  it('puts bullets under the heading, nested one level', async () => {
    const slides = slidesOf(await outlineOf(kitchenSinkDoc));
    const discussed = slides.find((s) => toString(s[0]) === 'What was discussed') ?? [];
    const list = discussed.find((n) => n.type === 'list');
    expect(list?.type === 'list' && list.children.map((i) => toString(i.children[0]))).toEqual([
      'Law enforcement networks',
      'Capacity building, with a nested list:',
      'Code: x = 1after a break', // mdast-util-to-string drops the hard break
    ]);
    const nested = list?.type === 'list' ? list.children[1]?.children[1] : undefined;
    expect(nested).toMatchObject({ type: 'list', ordered: true, start: 1 });
  });

  it('brings hostile plain text back literally in headings, bullets, lines, notes and tables', async () => {
    const cell = { type: 'tableCell' as const, children: [{ type: 'text' as const, value: HOSTILE }] };
    const doc = docWith([
      { type: 'heading', depth: 2, children: [{ type: 'text', value: HOSTILE.slice(0, 60) }] },
      { type: 'list', ordered: false, start: 1, children: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: HOSTILE.slice(0, 100) }] }] }] },
      { type: 'paragraph', children: [{ type: 'text', value: '# not a heading' }] },
      { type: 'paragraph', children: [{ type: 'text', value: ':::note' }] },
      { type: 'paragraph', children: [{ type: 'text', value: '| a |' }] },
      { type: 'table', align: [null], children: [{ type: 'tableRow', children: [cell] }, { type: 'tableRow', children: [cell] }] },
    ]);
    for (const flavor of ['marp', 'pandoc'] as const) {
      const slides = slidesOf(await outlineOf(doc, flavor));
      const texts = slides.flat().map((n) => toString(n));
      expect(texts).toContain(HOSTILE.slice(0, 60));
      expect(texts).toContain(HOSTILE.slice(0, 100));
      expect(texts).toContain('# not a heading');
      expect(texts).toContain(':::note');
      expect(texts).toContain('| a |');
      const table = slides.flat().find((n) => n.type === 'table');
      expect(table && toString(table)).toBe(HOSTILE + HOSTILE);
    }
  });

  it('keeps `-->` and `--` inside a note from ending it early', async () => {
    const doc = docWith([
      { type: 'heading', depth: 2, children: [{ type: 'text', value: 'A' }] },
      { type: 'paragraph', children: [{ type: 'text', value: 'x' }] },
      { type: 'notes', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a --> b -- c --!> d <!-- e ---> f' }] }] },
    ]);
    const text = await outlineOf(doc);
    const nodes = slidesOf(text)[1] ?? [];
    expect(nodes.map((n) => n.type)).toEqual(['heading', 'paragraph', 'html']);
    const html = nodes[2]?.type === 'html' ? nodes[2].value : '';
    expect(html.match(/-->/g)).toHaveLength(1);
    expect(html.endsWith('-->')).toBe(true);
    expect(html.slice(4, -3)).not.toContain('--');
    expect(neutraliseComment('a --> b')).toBe('a \u2011-> b');
  });

  it('keeps notes that look like Marp directives as notes', async () => {
    const doc = docWith([{ type: 'notes', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'header: not a directive' }] }] }]);
    expect(await outlineOf(doc)).toContain('<!--\n—\nheader: not a directive\n-->');
  });

  it('writes Pandoc notes as `::: notes` blocks', async () => {
    const text = await outlineOf(kitchenSinkDoc, 'pandoc');
    expect(text).not.toContain('<!--');
    expect(text).toContain('::: notes\n\nLines to take\n\n1\\. Co-operation works. --> not the end of a note\n');
  });

  it('embeds figures as data: URIs, caption first', async () => {
    const slides = slidesOf(await outlineOf(kitchenSinkDoc));
    const figure = slides.find((s) => s.some((n) => n.type === 'paragraph' && n.children[0]?.type === 'image')) ?? [];
    expect(figure.map((n) => n.type)).toEqual(['heading', 'paragraph', 'paragraph', 'html']);
    const image = figure[2]?.type === 'paragraph' ? figure[2].children[0] : undefined;
    expect(image).toMatchObject({ type: 'image', alt: 'A bar chart with six rising bars' });
    expect(image?.type === 'image' && image.url.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
  });

  it('fails with a RenderError for a figure without its image', async () => {
    await expect(renderOutlineMarp({ ...kitchenSinkInput(), assets: new Map() })).rejects.toThrow(/content\/images\/chart\.png/);
  });

  it('is deterministic', async () => {
    const a = await renderOutlineMarp(kitchenSinkInput());
    const b = await renderOutlineMarp(kitchenSinkInput(structuredClone(kitchenSinkDoc)));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});

describe('outline read by pandoc', () => {
  const pandoc = spawnSync('pandoc', ['--version']);
  const missing = pandoc.error !== undefined || pandoc.status !== 0;
  if (missing && process.env.CI === 'true') {
    it('needs pandoc in CI', () => {
      throw new Error('pandoc is not installed; CI must have it (apt-get install pandoc)');
    });
    return;
  }
  if (missing) console.log('skipping pandoc checks: pandoc is not on PATH');

  it.skipIf(missing)('makes one slide per outline slide plus its own title slide, notes included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-outline-'));
    try {
      for (const flavor of ['marp', 'pandoc'] as const) {
        const deck = docToDeck(kitchenSinkDoc);
        const md = join(dir, `${flavor}.md`);
        writeFileSync(md, await outlineOf(kitchenSinkDoc, flavor));
        for (const level of [[], ['--slide-level=2']]) {
          const out = join(dir, 'x');
          rmSync(out, { recursive: true, force: true });
          execFileSync('pandoc', ['-f', 'markdown', '-t', 'pptx', ...level, md, '-o', `${out}.pptx`]);
          execFileSync('unzip', ['-q', '-o', `${out}.pptx`, '-d', out]);
          const slides = readdirSync(join(out, 'ppt', 'slides')).filter((f) => f.endsWith('.xml'));
          expect(slides, `${flavor} ${level.join(' ')}`).toHaveLength(deck.slides.length + 1);
          if (flavor === 'pandoc') {
            const notes = readdirSync(join(out, 'ppt', 'notesSlides')).filter((f) => f.endsWith('.xml'));
            expect(notes).toHaveLength(deck.slides.filter((s) => s.notes.length > 0).length);
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(missing)('reads hostile plain text literally: only Str and Space in its AST', async () => {
    const lines = [HOSTILE.slice(0, 100), ':::note', '| a |', ': not a definition', '@cite here', '$x$ math', '^sup^ and ~sub~', 'a [span]{.x} b', '~~gone~~'];
    const doc = docWith([{ type: 'heading', depth: 2, children: [{ type: 'text', value: 'H' }] }, ...lines.map((value): Block => ({ type: 'paragraph', children: [{ type: 'text', value }] }))]);
    // Pandoc's `smart` typography (curly quotes as Quoted nodes, `--` as a dash) is a reader option, off here.
    const json = JSON.parse(execFileSync('pandoc', ['-f', 'markdown-smart', '-t', 'json'], { input: await outlineOf(doc) }).toString()) as {
      blocks: { t: string; c: unknown }[];
    };
    const paras = json.blocks.filter((b) => b.t === 'Para').slice(-lines.length).map((b) => b.c as { t: string; c?: string }[]);
    expect(paras.map((inlines) => inlines.map((i) => i.t).filter((t) => t !== 'Str' && t !== 'Space'))).toEqual(lines.map(() => []));
    expect(paras.map((inlines) => inlines.map((i) => (i.t === 'Space' ? ' ' : i.c)).join(''))).toEqual(lines);
  });
});

describe('printing Markdown', () => {
  it('property: text printed with only the unsafe patterns about its characters is exactly what the library\'s own text handler gives, for 600 random trees', () => {
    const seed = seedFor('plain markdown text');
    // Mostly words and spaces, and every character some unsafe pattern names, line endings,
    // tabs, backslashes and the characters that only matter next to others (`1.`, `a_b`, `!-[`).
    const word = fc.constantFrom('Vienna', 'opiate', 'trafficking', 'Évaluation', 'Москва', '2024', 'a', ' ', ' ', ' ', '  ');
    const special = fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\r\u007f'.split(''), '1.', '1)', ' \n', '\n ', 'a_b', '![x', ':smile:', '\\*', '  \n');
    const text = fc.array(fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: special }), { maxLength: 12 }).map((parts) => parts.join(''));
    const textNode = text.map((value): PhrasingContent => ({ type: 'text', value }));
    const phrasing: fc.Arbitrary<PhrasingContent[]> = fc.letrec<{ inline: PhrasingContent; list: PhrasingContent[] }>((tie) => ({
      inline: fc.oneof(
        { weight: 6, arbitrary: textNode },
        { weight: 1, arbitrary: tie('list').map((children): PhrasingContent => ({ type: 'emphasis', children: children as never })) },
        { weight: 1, arbitrary: tie('list').map((children): PhrasingContent => ({ type: 'strong', children: children as never })) },
        { weight: 1, arbitrary: fc.tuple(tie('list'), fc.constantFrom('https://example.org/a b', 'http://x.y/(z)', 'mailto:a@b.c')).map(([children, url]): PhrasingContent => ({ type: 'link', url, children: children as never })) },
        { weight: 1, arbitrary: text.map((value): PhrasingContent => ({ type: 'inlineCode', value })) },
        { weight: 1, arbitrary: fc.constant<PhrasingContent>({ type: 'break' }) },
      ),
      list: fc.array(tie('inline'), { minLength: 1, maxLength: 4 }) as fc.Arbitrary<PhrasingContent[]>,
    })).list;
    const block: fc.Arbitrary<RootContent> = fc.oneof(
      phrasing.map((children): RootContent => ({ type: 'paragraph', children })),
      fc.tuple(fc.integer({ min: 1, max: 3 }), phrasing).map(([depth, children]): RootContent => ({ type: 'heading', depth: depth as 1 | 2 | 3, children })),
      fc.tuple(fc.boolean(), fc.array(phrasing, { minLength: 1, maxLength: 3 })).map(([ordered, items]): RootContent => ({ type: 'list', ordered, spread: false, children: items.map((children) => ({ type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] })) })),
      fc.array(fc.array(phrasing, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 3 }).map((rows): RootContent => ({ type: 'table', children: rows.map((cells) => ({ type: 'tableRow', children: cells.map((children) => ({ type: 'tableCell', children })) })) })),
    );
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 4 }), (children) => {
        const tree: Root = { type: 'root', children };
        expect(printMarkdown(tree)).toBe(printMarkdown(tree, libraryTextOptions));
      }),
      { numRuns: 600, seed },
    );
    // Only the patterns about characters in the text are kept, in their order.
    const unsafe = [{ character: ' ', after: '[\\r\\n]' }, { character: '*' }, { character: '.', atBreak: true }, { character: ' ', inConstruct: 'autolink' as const }];
    expect(patternsFor(unsafe, 'two words')).toEqual([unsafe[0], unsafe[3]]);
    expect(patternsFor(unsafe, 'a*b.')).toEqual([unsafe[1], unsafe[2]]);
    expect(patternsFor(unsafe, 'plain')).toEqual([]);
    expect(patternsFor(unsafe, 'two words')).toBe(patternsFor(unsafe, 'more words'));
    // Each printing makes a new list of the same patterns: the narrowed lists are kept across them.
    expect(patternsFor([...unsafe], 'two words')).toBe(patternsFor(unsafe, 'two words'));
    expect(patternsFor([unsafe[1]!, unsafe[0]!], 'two words')).toEqual([unsafe[0]]);
  });
});
