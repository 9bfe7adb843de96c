import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, describe, expect, it, type TestContext } from 'vitest';
import type { Block, Doc, Inline, Node } from '../../src/doc/types.js';
import { renderDocx } from '../../src/render/docx/index.js';
import { compilesParts } from '../../src/render/docx/package.js';
import { dosDateTime, normalizeOfficePackage } from '../../src/render/ooxml/index.js';
import { RenderError } from '../../src/render/types.js';
import { kitchenSinkDoc, kitchenSinkInput, readerTexts } from '../fixtures/kitchen-sink.js';
import { makePng } from '../fixtures/png.js';

const work = mkdtempSync(join(tmpdir(), 'briefkit-docx-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

/** Runs an outside reader; skips the test when it is missing (fails on CI). */
function run(ctx: TestContext, tool: string, args: string[], input?: string): { stdout: string; stderr: string; status: number } {
  const result = spawnSync(tool, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const reason = `${tool} is not installed (apt-get install -y pandoc python3)`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.log(`skipped: ${reason}`);
    ctx.skip();
  }
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

let counter = 0;
function save(bytes: Uint8Array): string {
  const path = join(work, `doc-${++counter}.docx`);
  writeFileSync(path, bytes);
  return path;
}

type Parts = Record<string, string>;

/** Unzips a package into its XML parts as text (binary parts are left out). */
function partsOf(bytes: Uint8Array): Parts {
  const out: Parts = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (/\.(xml|rels)$/.test(name)) out[name] = strFromU8(data);
  }
  return out;
}

async function render(doc: Doc = kitchenSinkDoc) {
  const result = await renderDocx(kitchenSinkInput(doc));
  return { ...result, parts: partsOf(result.bytes) };
}

function docWith(children: Block[], meta: Partial<Doc['meta']> = {}): Doc {
  return { ...kitchenSinkDoc, meta: { ...kitchenSinkDoc.meta, ...meta }, children };
}

const para = (value: string): Block => ({ type: 'paragraph', children: [{ type: 'text', value }] });
const numberedList = (...items: string[]): Block => ({
  type: 'list',
  ordered: true,
  start: 1,
  children: items.map((value) => ({ type: 'listItem', children: [para(value)] })),
});

/** The `w:style` element with a style id. */
function styleXml(styles: string, id: string): string {
  const match = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`).exec(styles);
  if (!match) throw new Error(`style ${id} is not defined`);
  return match[0];
}

/** Every paragraph of a part with its style id and its text. */
function paragraphsOf(xml: string): { style: string | undefined; text: string; xml: string }[] {
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p [^>]*>(.*?)<\/w:p>/g)].map((m) => {
    const body = m[1] ?? m[2] ?? '';
    const style = /<w:pStyle w:val="([^"]+)"\/>/.exec(body)?.[1];
    const text = unescapeXml([...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    return { style, text, xml: body };
  });
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

const textsOf = (nodes: readonly (Block | Inline)[]): string[] => readerTexts(nodes, true);

describe('docx styles', () => {
  it('defines the briefing styles in styles.xml from the theme, and ours win over the library defaults', async () => {
    const { parts } = await render();
    const styles = parts['word/styles.xml']!;
    for (const id of ['Normal', 'Title', 'Subtitle', 'Heading1', 'Heading2', 'Heading3', 'Lead', 'Meta', 'Attribution', 'ListBullet', 'ListNumber', 'Quote', 'Caption', 'Code', 'Hyperlink', 'BriefingTable', 'KeyFiguresTable']) {
      expect(styleXml(styles, id)).toBeTruthy();
    }
    expect(styles.match(/w:styleId="Heading1"/g)).toHaveLength(1);
    expect(styles.match(/w:styleId="Title"/g)).toHaveLength(1);
    const h1 = styleXml(styles, 'Heading1');
    expect(h1).toContain('<w:rFonts w:ascii="Noto Sans"');
    expect(h1).toContain('<w:color w:val="1B365D"/>');
    expect(h1).not.toContain('2E74B5'); // the library's default heading blue
    expect(styleXml(styles, 'Title')).toContain('<w:color w:val="1B365D"/>');
    const lead = styleXml(styles, 'Lead');
    expect(lead).toContain('<w:basedOn w:val="Normal"/>');
    expect(Number(/<w:sz w:val="(\d+)"/.exec(lead)?.[1])).toBeGreaterThan(20);
    expect(styleXml(styles, 'Code')).toContain('w:ascii="DejaVu Sans Mono"');
    expect(styleXml(styles, 'Hyperlink')).toMatch(/w:type="character"/);
    expect(styleXml(styles, 'BriefingTable')).toMatch(/w:type="table"/);
  });

  it('sets the document language and body font on the document defaults', async () => {
    const { parts } = await render(docWith([para('Bonjour')], { lang: 'fr-CA' }));
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/.exec(parts['word/styles.xml']!)![0];
    expect(defaults).toContain('<w:lang w:val="fr-CA"/>');
    expect(defaults).toContain('w:ascii="Noto Sans"');
    expect(defaults).toContain('<w:sz w:val="20"/>');
  });

  // Regression: LibreOffice clipped a figure to one text line while `w:line` had no `w:lineRule`.
  it('gives every line spacing an explicit line rule', async () => {
    const { parts } = await render();
    const spacings = parts['word/styles.xml']!.match(/<w:spacing [^>]*w:line="[^>]*>/g) ?? [];
    expect(spacings.length).toBeGreaterThan(0);
    for (const spacing of spacings) expect(spacing).toContain('w:lineRule="auto"');
  });
});

describe('docx document body', () => {
  it('maps every node type to its Word style', async () => {
    const { parts } = await render();
    const paragraphs = paragraphsOf(parts['word/document.xml']!);
    const styleOf = (text: string) => paragraphs.find((p) => p.text.includes(text))?.style;
    expect(styleOf('Kitchen sink: every node type')).toBe('Title');
    expect(styleOf('A fixture for renderer tests')).toBe('Subtitle');
    expect(styleOf('17 April 2024 · Vienna')).toBe('Meta');
    expect(styleOf('OSCE · UNODC')).toBe('Organizations');
    expect(styleOf('Prepared for: The Secretary General')).toBe('Attribution');
    expect(styleOf('Summary')).toBe('Heading1');
    expect(styleOf('A sub-heading')).toBe('Heading2');
    expect(styleOf('More than')).toBe('Lead');
    expect(styleOf('Participants discussed')).toBe('Normal');
    expect(styleOf('Law enforcement networks')).toBe('ListBullet');
    expect(styleOf('training')).toBe('ListNumber');
    expect(styleOf('Second line to take.')).toBe('ListNumber');
    expect(styleOf('A Markdown block quote')).toBe('Quote');
    expect(styleOf('line one')).toBe('Code');
    expect(styleOf('Collaborative efforts')).toBe('Quote');
    expect(styleOf('— Jean-Luc Lemahieu, Director')).toBe('QuoteAttribution');
    expect(styleOf('Figure 1: rising bars')).toBe('Caption');
    expect(styleOf('Press office')).toBe('Small');
    expect(paragraphs.some((p) => p.style === 'HorizontalRule')).toBe(true);
    expect(parts['word/document.xml']).toContain('<w:br w:type="page"/>');
  });

  it('adds quotation marks to pull quotes and attributes them', async () => {
    const { parts } = await render();
    const paragraphs = paragraphsOf(parts['word/document.xml']!);
    expect(paragraphs.find((p) => p.style === 'Quote' && p.text.includes('Collaborative'))?.text).toBe(
      '“Collaborative efforts play a vital role in the global fight against the illicit drug trade.”',
    );
    const german = await render(docWith([{ type: 'quote', speaker: 'A. Person', children: [para('Gut.')] }], { lang: 'de' }));
    expect(paragraphsOf(german.parts['word/document.xml']!).map((p) => p.text)).toEqual(['„Gut.“', '— A. Person']);
  });

  it('nests lists at level 1 and gives every list its own numbering instance', async () => {
    const { parts } = await render(
      docWith([numberedList('one', 'two'), { type: 'heading', depth: 2, children: [{ type: 'text', value: 'Between' }] }, numberedList('again one'), { ...numberedList('from three'), start: 3 } as Block]),
    );
    const paragraphs = paragraphsOf(parts['word/document.xml']!).filter((p) => p.style === 'ListNumber');
    const numId = (text: string) => /<w:numId w:val="(\d+)"\/>/.exec(paragraphs.find((p) => p.text === text)!.xml)?.[1];
    expect(numId('one')).toBe(numId('two'));
    expect(new Set([numId('one'), numId('again one'), numId('from three')]).size).toBe(3);
    const numbering = parts['word/numbering.xml']!;
    for (const id of [numId('one'), numId('again one')]) expect(numbering).toMatch(new RegExp(`<w:num w:numId="${id}">.*?<w:startOverride w:val="1"/>`));
    expect(numbering).toMatch(new RegExp(`<w:num w:numId="${numId('from three')}">.*?<w:startOverride w:val="3"/>`));

    const sink = paragraphsOf((await render()).parts['word/document.xml']!);
    const level = (text: string) => /<w:ilvl w:val="(\d+)"\/>/.exec(sink.find((p) => p.text === text)!.xml)?.[1];
    expect(level('Law enforcement networks')).toBe('0');
    expect(level('training')).toBe('1');
    const ids = ['Law enforcement networks', 'training', 'Co-operation works. --> not the end of a note', 'OSCE press release, OSCE, 17 April 2024'].map(
      (text) => /<w:numId w:val="(\d+)"\/>/.exec(sink.find((p) => p.text === text)!.xml)?.[1],
    );
    expect(new Set(ids).size).toBe(4);
  });

  it('writes key figures and tables as Word tables, the table header marked to repeat', async () => {
    const { parts } = await render();
    const xml = parts['word/document.xml']!;
    const tables = xml.match(/<w:tbl>.*?<\/w:tbl>/g) ?? [];
    expect(tables).toHaveLength(2);
    const [figures, table] = tables as [string, string];
    expect(figures).toContain('<w:tblStyle w:val="KeyFiguresTable"/>');
    expect(figures.match(/<w:tr>|<w:tr /g)).toHaveLength(6); // the header row and five figures
    expect(figures.match(/<w:gridCol /g)).toHaveLength(2);
    // The header row carries the template's column labels and is marked as a header row, once.
    const firstRow = /<w:tr>.*?<\/w:tr>/.exec(figures)![0];
    expect(firstRow).toContain('<w:tblHeader/>');
    expect(figures.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(paragraphsOf(firstRow).map((p) => [p.style, p.text])).toEqual([
      ['TableHeading', 'Figure'],
      ['TableHeading', 'Description'],
    ]);
    for (const t of [figures, table]) expect(t).toMatch(/<w:tblLook w:firstRow="true"/);
    expect(figures).toContain('>110+<');
    expect(figures).toContain('>opium ban by the de facto authorities<');
    expect(table).toContain('<w:tblStyle w:val="BriefingTable"/>');
    expect(table.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(paragraphsOf(table).find((p) => p.text === 'Pillar')?.style).toBe('TableHeading');
    expect(paragraphsOf(table).find((p) => p.text === '1')?.xml).toContain('<w:jc w:val="right"/>');
  });

  it('labels the key-figures header row in the item language', async () => {
    const labels = { ...kitchenSinkDoc.meta.labels, keyFigureValue: 'Zahl', keyFigureLabel: 'Beschreibung' };
    const { parts } = await render(docWith([{ type: 'keyFigures', children: [{ type: 'keyFigure', value: '7', label: 'Tage' }] }], { lang: 'de', labels }));
    expect(paragraphsOf(parts['word/document.xml']!).map((p) => p.text)).toEqual(['Zahl', 'Beschreibung', '7', 'Tage']);
    const empty = await render(docWith([{ type: 'keyFigures', children: [] }]));
    expect(empty.parts['word/document.xml']).not.toContain('<w:tbl>');
  });

  it('sets every section heading in Heading 1 with no direct formatting, so changing the style changes them all', async () => {
    const { parts } = await render();
    const xml = parts['word/document.xml']!;
    const depth2 = (nodes: readonly Block[]): string[] =>
      nodes.flatMap((b) => (b.type === 'heading' ? (b.depth === 2 ? [textsOf(b.children).join('')] : []) : 'children' in b ? depth2(b.children as Block[]) : []));
    const sections = depth2(kitchenSinkDoc.children);
    expect(sections.length).toBeGreaterThan(2);
    const paragraphs = paragraphsOf(xml);
    for (const heading of sections) {
      const found = paragraphs.filter((p) => p.text === heading);
      expect(found.length, heading).toBeGreaterThan(0);
      for (const p of found) {
        expect(p.style, heading).toBe('Heading1');
        // Nothing but the style reference in the paragraph properties, and no run properties at all.
        expect(/<w:pPr>(.*?)<\/w:pPr>/.exec(p.xml)?.[1], heading).toBe('<w:pStyle w:val="Heading1"/>');
        expect(p.xml, heading).not.toContain('<w:rPr>');
      }
    }
    // Every Heading1 paragraph is a section heading, and the style itself carries the look.
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text).sort()).toEqual([...sections].sort());
    const h1 = styleXml(parts['word/styles.xml']!, 'Heading1');
    expect(h1).toContain('<w:name w:val="heading 1"/>');
    expect(h1).toMatch(/<w:b\/>/);
    expect(h1).toContain('<w:outlineLvl w:val="0"/>');
  });

  it('names the theme fonts with fallbacks in the font table and the document theme', async () => {
    const { parts } = await render();
    const fonts = parts['word/fontTable.xml']!;
    expect(fonts).toContain('<w:font w:name="Noto Sans"><w:altName w:val="Arial"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>');
    expect(fonts).toContain('<w:font w:name="DejaVu Sans Mono"><w:altName w:val="Courier New"/><w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>');
    expect(fonts.match(/<w:font /g)).toHaveLength(2);
    const theme = parts['word/theme/theme1.xml']!;
    expect(theme).toMatch(/<a:majorFont>\s*<a:latin typeface="Noto Sans"\/>/);
    expect(theme).toMatch(/<a:minorFont>\s*<a:latin typeface="Noto Sans"\/>/);
  });

  it('writes links as external hyperlinks in the Hyperlink style', async () => {
    const { parts } = await render();
    const xml = parts['word/document.xml']!;
    const rels = parts['word/_rels/document.xml.rels']!;
    const links = [...xml.matchAll(/<w:hyperlink [^>]*r:id="([^"]+)"[^>]*>(.*?)<\/w:hyperlink>/g)];
    expect(links).toHaveLength(3);
    for (const [, id, body] of links) {
      expect(body).toContain('<w:rStyle w:val="Hyperlink"/>');
      expect(rels).toMatch(new RegExp(`Id="${id}" Type="[^"]*/hyperlink" Target="[^"]+" TargetMode="External"`));
    }
    expect(rels).toContain('Target="mailto:press@example.org"');
  });

  it('embeds figures sized to the text width with alt text and a name', async () => {
    const { parts, bytes } = await render();
    const xml = parts['word/document.xml']!;
    expect(xml).toContain('<wp:docPr id="1" name="chart.png" descr="A bar chart with six rising bars"/>');
    const [, cx, cy] = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(xml)!;
    const textWidthEmu = (595.28 - 50 - 50) * 12700;
    expect(Math.abs(Number(cx) - textWidthEmu)).toBeLessThan(12700);
    expect(Number(cy) / Number(cx)).toBeCloseTo(140 / 240, 2);
    expect(Object.keys(unzipSync(bytes))).toContain('word/media/image1.png');
    await expect(renderDocx({ ...kitchenSinkInput(), assets: new Map() })).rejects.toBeInstanceOf(RenderError);
  });

  it('renders nodes found outside their usual parents instead of dropping them', async () => {
    const { parts } = await render(
      docWith([
        { type: 'listItem', children: [para('lonely item')] },
        { type: 'keyFigure', value: '42', label: 'lonely figure' },
        { type: 'tableRow', children: [{ type: 'tableCell', children: [{ type: 'text', value: 'lonely cell' }] }] },
      ]),
    );
    const paragraphs = paragraphsOf(parts['word/document.xml']!);
    expect(paragraphs.find((p) => p.text === 'lonely item')?.style).toBe('ListBullet');
    for (const text of ['42', 'lonely figure', 'lonely cell']) expect(paragraphs.some((p) => p.text === text)).toBe(true);
  });

  it('gives notes without a heading of their own the notes label as a sub-heading', async () => {
    const { parts } = await render(docWith([{ type: 'notes', children: [para('Say this.')] }], { labels: { ...kitchenSinkDoc.meta.labels, notes: 'Notizen' } }));
    expect(paragraphsOf(parts['word/document.xml']!).map((p) => [p.style, p.text])).toEqual([
      ['Heading2', 'Notizen'],
      ['Normal', 'Say this.'],
    ]);
  });

  it('writes hostile plain text literally', async () => {
    const { parts } = await render();
    const text = paragraphsOf(parts['word/document.xml']!).map((p) => p.text).join('\n');
    for (const literal of ['# not a heading', '**x**', '{{title}}', '<b>', '| a |', ':::note', '\\', '🙂', '“curly”', '–', '-->']) {
      expect(text).toContain(literal);
    }
  });

  it('replaces characters XML cannot carry with a visible placeholder and warns', async () => {
    const { parts, warnings } = await render(docWith([para('form\ffeed, bad\uFFFEchar, lone \uD800 half, tab\there')]));
    const text = paragraphsOf(parts['word/document.xml']!).map((p) => p.text).join('');
    expect(text).toBe('form□feed, bad□char, lone □ half, tabhere');
    expect(parts['word/document.xml']).toContain('<w:tab/>');
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('U+000C'),
      expect.stringContaining('U+FFFE'),
      expect.stringContaining('U+D800'),
    ]);
    expect(warnings.every((w) => w.severity === 'warning' && w.file === 'kitchen-sink')).toBe(true);
    expect((await render()).warnings).toEqual([]);
  });
});

describe('docx page furniture and metadata', () => {
  it('puts the marking in the header and Page X of Y fields in the footer', async () => {
    const { parts } = await render();
    const header = parts['word/header1.xml']!;
    expect(paragraphsOf(header)[0]).toMatchObject({ style: 'Header', text: 'PUBLIC' });
    const footer = parts['word/footer1.xml']!;
    expect(footer).toMatch(/<w:t[^>]*>Page <\/w:t>.*<w:instrText[^>]*>PAGE<\/w:instrText>.*<w:t[^>]*> of <\/w:t>.*<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    const sectPr = /<w:sectPr>.*<\/w:sectPr>/.exec(parts['word/document.xml']!)![0];
    expect(sectPr).toContain('<w:headerReference w:type="default"');
    expect(sectPr).not.toContain('w:type="first"');
    expect(sectPr).not.toContain('<w:titlePg');
    expect(sectPr).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(sectPr).toMatch(/<w:pgMar w:top="1080" w:right="1000" w:bottom="1080" w:left="1000"/);

    const unmarked = await render(docWith([para('x')], { marking: undefined, labels: { ...kitchenSinkDoc.meta.labels, pageOf: 'Seite {page} von {pages}' } }));
    expect(Object.keys(unmarked.parts).some((name) => name.startsWith('word/header'))).toBe(false);
    expect(unmarked.parts['word/footer1.xml']).toMatch(/>Seite <\/w:t>.*>PAGE<.*> von <\/w:t>.*>NUMPAGES</);
  });

  it('shows the theme logo in the header of every page, beside the marking, sized from its height, with alt text', async () => {
    const logo = { mime: 'image/png' as const, bytes: makePng(200, 60), width: 200, height: 60 };
    const input = kitchenSinkInput();
    const withAlt = { ...input, theme: { ...input.theme, logo: { src: 'logo.png', height: 24, alt: 'Example Agency' } }, logo };
    const a = await renderDocx(withAlt);
    const parts = partsOf(a.bytes);
    const header = parts['word/header1.xml']!;
    // 24 pt high = 32 px = 304800 EMU; 80 pt wide by aspect ratio = 107 px = 1019175 EMU (Word sizes in whole pixels).
    expect(header).toMatch(/<wp:extent cx="1019175" cy="304800"\/>/);
    expect(header).toMatch(/<wp:docPr id="\d+" name="logo" descr="Example Agency"\/>/);
    expect(paragraphsOf(header)).toHaveLength(1);
    expect(paragraphsOf(header)[0]).toMatchObject({ style: 'Header', text: 'PUBLIC' });
    const embed = /<a:blip r:embed="([^"]+)"/.exec(header)![1]!;
    expect(parts['word/_rels/header1.xml.rels']).toMatch(new RegExp(`Id="${embed}" Type="[^"]+/image" Target="media/image\\d+\\.png"`));
    // One header, the default: the first page shows it too.
    const sectPr = /<w:sectPr>.*<\/w:sectPr>/.exec(parts['word/document.xml']!)![0];
    expect(sectPr).not.toContain('<w:titlePg');
    // Byte-reproducible with a logo too.
    expect(Buffer.from((await renderDocx(withAlt)).bytes).equals(Buffer.from(a.bytes))).toBe(true);

    // Without `alt`: the organisations; without `height`: 28 pt; without a marking: the logo alone.
    const plain = partsOf((await renderDocx({ ...kitchenSinkInput(docWith([para('x')], { marking: undefined })), logo })).bytes);
    expect(plain['word/header1.xml']).toContain('descr="OSCE, UNODC"');
    expect(plain['word/header1.xml']).toMatch(/<wp:extent cx="1181100" cy="352425"\/>/);
    expect(plain['word/header1.xml']).not.toMatch(/<w:t[ >]/);
  });

  it('uses the Letter page size when the theme asks for it', async () => {
    const input = kitchenSinkInput();
    const result = await renderDocx({ ...input, theme: { ...input.theme, page: { ...input.theme.page, size: 'Letter' } } });
    expect(partsOf(result.bytes)['word/document.xml']).toContain('<w:pgSz w:w="12240" w:h="15840"');
  });

  it('writes core and custom properties with the pinned date', async () => {
    const { parts } = await render();
    const core = parts['docProps/core.xml']!;
    expect(core).toContain('<dc:title>Kitchen sink: every node type</dc:title>');
    expect(core).toContain('<dc:subject>A fixture for renderer tests</dc:subject>');
    expect(core).toContain('<dc:creator>OSCE, UNODC</dc:creator>');
    expect(core).toContain('<cp:keywords>');
    expect(core).toContain('<cp:lastModifiedBy>briefkit</cp:lastModifiedBy>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2024-04-17T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2024-04-17T00:00:00Z</dcterms:modified>');
    const custom = parts['docProps/custom.xml']!;
    expect(custom).toMatch(/name="briefkit.marking"><vt:lpwstr>PUBLIC</);
    expect(custom).toMatch(/name="briefkit.id"><vt:lpwstr>kitchen-sink</);
    expect(custom).toMatch(new RegExp(`name="briefkit.sourceSha256"><vt:lpwstr>${'0'.repeat(64)}<`));
  });
});

describe('docx determinism', () => {
  /** The MS-DOS date and time of every zip entry, from the central directory. */
  function entryTimes(zip: Uint8Array): string[] {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const out: string[] = [];
    for (let i = 0; i + 46 <= zip.length; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const time = view.getUint16(i + 12, true);
      const date = view.getUint16(i + 14, true);
      const pad = (n: number) => String(n).padStart(2, '0');
      out.push(`${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`);
    }
    return out;
  }

  it('renders byte-identical output for identical input', async () => {
    const a = await renderDocx(kitchenSinkInput());
    const b = await renderDocx(kitchenSinkInput());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    // The library draws random hyperlink ids; none may survive.
    expect(partsOf(a.bytes)['word/_rels/document.xml.rels']!.match(/Id="([^"]+)"/g)!.every((id) => /^Id="rId\d+"$/.test(id))).toBe(true);
  });

  it('renders the same bytes in any time zone, with entry times from `created` in UTC', async () => {
    process.env.TZ = 'UTC';
    const offsetUtc = new Date(2024, 3, 17).getTimezoneOffset();
    const utc = await renderDocx(kitchenSinkInput());
    process.env.TZ = 'Pacific/Kiritimati';
    expect(new Date(2024, 3, 17).getTimezoneOffset()).not.toBe(offsetUtc); // the zone change took effect
    const kiritimati = await renderDocx(kitchenSinkInput());
    expect(Buffer.from(kiritimati.bytes).equals(Buffer.from(utc.bytes))).toBe(true);
    const times = entryTimes(utc.bytes);
    expect(times.length).toBe(Object.keys(unzipSync(utc.bytes)).length);
    expect(new Set(times)).toEqual(new Set(['2024-04-17 00:00:00']));
  });

  it('orders entries with [Content_Types].xml first and never dates them before 1980', async () => {
    const input = kitchenSinkInput();
    const old = await renderDocx({ ...input, created: new Date(Date.UTC(1970, 0, 1)) });
    expect(Object.keys(unzipSync(old.bytes)).slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    expect(new Set(entryTimes(old.bytes))).toEqual(new Set(['1980-01-01 00:00:00']));
    expect(partsOf(old.bytes)['docProps/core.xml']).toContain('>1970-01-01T00:00:00Z</dcterms:created>');
    expect(dosDateTime(new Date(Date.UTC(2024, 3, 17, 13, 45, 31)))).toEqual({ date: (44 << 9) | (4 << 5) | 17, time: (13 << 11) | (45 << 5) | 15 });
  });

  it('takes the parts from the docx compiler, not from a zip file it would deflate (this docx version has one)', () => {
    expect(compilesParts).toBe(true);
  });

  it('normalises an already normal package to the same bytes', async () => {
    const { bytes } = await renderDocx(kitchenSinkInput());
    expect(Buffer.from(normalizeOfficePackage(bytes, kitchenSinkInput().created)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('the styles and theme parts npm run build writes for the shipped themes are the ones written at run time, in any plain language', () => {
    // From the compiled modules, as a build reads the files (dist/render/docx/fixed-parts/).
    const script = `const dist = (p) => import('./dist/' + p);
      const [{ createNodeEnv }, { loadTemplateSet }, { briefingStyles }, parts] = await Promise.all([dist('env/node.js'), dist('template/set.js'), dist('render/docx/styles.js'), dist('render/docx/package.js')]);
      const root = process.cwd();
      const loaded = await loadTemplateSet(createNodeEnv(root), [{ dir: root + '/templates', display: 'templates' }], 'brief', { precompiled: false });
      const theme = loaded.set.theme;
      const same = (lang, t = theme) => {
        const made = parts.madeFixedParts(briefingStyles(t, lang));
        if (made === undefined) return 'no file';
        return JSON.stringify(made) === JSON.stringify(parts.writtenFixedParts(briefingStyles(t, lang))) ? 'same' : 'different';
      };
      const langs = ['en', 'en-GB', 'fr', 'de', 'es', 'ru', 'zh-Hant-TW', 'sr-Latn-RS', 'x-private-1'];
      console.log(JSON.stringify({
        plain: langs.map((lang) => same(lang)),
        escaped: ['en_GB', 'en&x', '', 'a"b'].map((lang) => same(lang)),
        otherTheme: same('en', { ...theme, bodySize: theme.bodySize + 1 }),
      }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { plain: string[]; escaped: string[]; otherTheme: string };
    expect(result.plain).toEqual(Array(9).fill('same'));
    // A tag that would need escaping, or style options the build wrote nothing for: written at run time.
    expect(result.escaped).toEqual(Array(4).fill('no file'));
    expect(result.otherTheme).toBe('no file');
    // One file per shipped template set.
    const sets = readdirSync(new URL('../../templates/', import.meta.url), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(readdirSync(new URL('../../dist/render/docx/fixed-parts/', import.meta.url))).toHaveLength(sets.length);
  });
});

describe('docx read by outside readers', () => {
  it('parses every XML part with a strict parser', async (ctx) => {
    const { bytes } = await render(docWith([...kitchenSinkDoc.children, para('bad \f and \uFFFE')]));
    const path = save(bytes);
    const script = [
      'import sys, zipfile, xml.dom.minidom',
      'z = zipfile.ZipFile(sys.argv[1])',
      'names = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]',
      'for n in names: xml.dom.minidom.parseString(z.read(n))',
      'print(len(names))',
    ].join('\n');
    // No part holds a character XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF), raw or as a reference.
    for (const [name, xml] of Object.entries(partsOf(bytes))) {
      expect(xml, name).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
      expect(xml, name).not.toMatch(/&#x0*(?:[0-8bcefBCEF]|1[0-9a-fA-F]|[fF]{3}[eEfF]);|&#0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45]);/);
    }
    const result = run(ctx, 'python3', ['-c', script, path]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(Number(result.stdout)).toBeGreaterThan(10);
  });

  it('pandoc reads headings, lists, tables and every text, hostile literals included', async (ctx) => {
    const path = save((await render()).bytes);
    const json = run(ctx, 'pandoc', ['-f', 'docx', '-t', 'json', path]);
    expect(json.status).toBe(0);
    const blockTypes = new Set<string>();
    const headers: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const node = value as { t?: string; c?: unknown };
        if (typeof node.t === 'string') blockTypes.add(node.t);
        if (node.t === 'Header' && Array.isArray(node.c)) headers.push(String(node.c[0]));
        Object.values(node).forEach(walk);
      }
    };
    walk((JSON.parse(json.stdout) as { blocks: unknown }).blocks);
    // The Code style is not pandoc's "Source Code", so pandoc reads code blocks as paragraphs (their text is checked below).
    for (const t of ['Header', 'BulletList', 'OrderedList', 'Table', 'BlockQuote', 'Link', 'Image', 'Strong', 'Emph']) expect(blockTypes).toContain(t);
    expect(headers).toContain('1');
    expect(headers).toContain('2');

    const plain = run(ctx, 'pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', path]);
    expect(plain.status).toBe(0);
    const text = squash(plain.stdout);
    for (const expected of textsOf(kitchenSinkDoc.children)) expect(text).toContain(squash(expected));
    for (const literal of ['# not a heading', '**x**', '{{title}}', '<b>', '| a |', ':::note', '\\', '🙂', '“curly” – dash']) expect(text).toContain(literal);
  });
});
