import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import type { Block, Doc, Inline, Node } from '../../src/doc/types.js';
import { createPdfRenderer, defaultPdfOptions, flowParts, renderPdf } from '../../src/render/pdf/index.js';
import fc from 'fast-check';
import { create } from 'fontkit';
import { fontkitFont, parsedFont, splitGraphemes } from '../../src/render/pdf/fonts.js';
import { fontPlans, forEachWord, shapeWord, takesFastPath, unitWidth } from '../../src/render/pdf/shaping.js';
import { fontTablesKey, SHAPING_TABLES_VERSION } from '../../src/render/pdf/font-tables.js';
import { loadBundledFonts } from '../../src/env/fonts.js';
import { encodeTrueTypeSubset } from '../../src/render/pdf/subset.js';
import { packPlan } from '../../src/render/pdf/fast-shaping.js';
import { lightFontData, type FontkitFace } from '../../src/render/pdf/light-font.js';
import { makePng } from '../fixtures/png.js';
import { RenderError } from '../../src/render/types.js';
import { kitchenSinkDoc, kitchenSinkInput, readerTexts } from '../fixtures/kitchen-sink.js';
import { pdfWords, type PdfWord } from '../helpers/extract.js';
import { seedFor } from '../helpers/seed.js';

const work = mkdtempSync(join(tmpdir(), 'briefkit-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs an outside reader; skips the test when it is missing (fails on CI). */
function run(ctx: TestContext, tool: string, args: string[]): { stdout: string; status: number } {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const reason = `${tool} is not installed (apt-get install -y poppler-utils qpdf)`;
    if (process.env.CI === 'true') throw new Error(reason);
    console.log(`skipped: ${reason}`);
    ctx.skip();
  }
  return { stdout: result.stdout, status: result.status ?? -1 };
}

let counter = 0;
function save(bytes: Uint8Array): string {
  const path = join(work, `doc-${++counter}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

const textsOf = (nodes: readonly (Block | Inline)[]): string[] => readerTexts(nodes, false);

function docWith(children: Block[], meta: Partial<Doc['meta']> = {}): Doc {
  return { ...kitchenSinkDoc, meta: { ...kitchenSinkDoc.meta, ...meta }, children };
}

const para = (value: string): Block => ({ type: 'paragraph', children: [{ type: 'text', value }] });

function words(ctx: TestContext, path: string): ReturnType<typeof pdfWords> {
  return pdfWords(run(ctx, 'pdftotext', ['-bbox', path, '-']).stdout);
}

const margins = kitchenSinkInput().theme.page.margins;

/** Every word lies inside the body area, or wholly in the header/footer band at least 18 pt from the edge. */
function expectInsideMargins(layout: ReturnType<typeof words>): void {
  for (const w of layout.words) {
    const page = layout.pages[w.page - 1]!;
    expect(w.xMin, w.text).toBeGreaterThanOrEqual(margins.left - 0.5);
    expect(w.xMax, w.text).toBeLessThanOrEqual(page.width - margins.right + 0.5);
    expect(w.yMin, w.text).toBeGreaterThanOrEqual(18);
    expect(w.yMax, w.text).toBeLessThanOrEqual(page.height - 18);
    const inBody = w.yMin >= margins.top - 1 && w.yMax <= page.height - margins.bottom + 1;
    const inHeader = w.yMax <= margins.top;
    const inFooter = w.yMin >= page.height - margins.bottom;
    expect(inBody || inHeader || inFooter, `${w.text} straddles a margin at y=${w.yMin}..${w.yMax}`).toBe(true);
  }
}

/** No two words on a page overlap (text drawn over text). */
function expectNoOverlap(layout: ReturnType<typeof words>): void {
  const byPage = new Map<number, PdfWord[]>();
  for (const w of layout.words) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  for (const list of byPage.values()) {
    const sorted = [...list].sort((a, b) => a.yMin - b.yMin);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j]!.yMin < sorted[i]!.yMax; j++) {
        const a = sorted[i]!;
        const b = sorted[j]!;
        const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
        expect(dx > 1 && dy > 2, `"${a.text}" overlaps "${b.text}"`).toBe(false);
      }
    }
  }
}

describe('renderPdf: kitchen sink', () => {
  it('shows every text of the fixture', async (ctx) => {
    const { bytes, warnings } = await renderPdf(kitchenSinkInput());
    expect(warnings).toEqual([]);
    const text = squash(run(ctx, 'pdftotext', ['-enc', 'UTF-8', save(bytes), '-']).stdout);
    const missing = textsOf(kitchenSinkDoc.children).map(squash).filter((t) => t !== '' && !text.includes(t));
    expect(missing).toEqual([]);
    // The renderer's own additions: quotation marks, attribution dash, markers, furniture.
    expect(text).toContain('“Collaborative efforts');
    expect(text).toContain('drug trade.”');
    expect(text).toContain('— Jean-Luc Lemahieu, Director');
    expect(text).toContain('1. training');
    expect(text).toContain('PUBLIC');
  });

  it('has the metadata, page size and page count', async (ctx) => {
    const path = save((await renderPdf(kitchenSinkInput())).bytes);
    const info = run(ctx, 'pdfinfo', [path]).stdout;
    expect(info).toMatch(/^Title:\s+Kitchen sink: every node type$/m);
    expect(info).toMatch(/^Author:\s+OSCE, UNODC$/m);
    expect(info).toMatch(/^Subject:\s+A fixture for renderer tests$/m);
    expect(info).toMatch(/^Creator:\s+briefkit$/m);
    expect(info).toMatch(/^CreationDate:\s+Wed Apr 17 00:00:00 2024 UTC$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = run(ctx, 'pdftotext', [path, '-']).stdout;
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
    const raw = run(ctx, 'qpdf', ['--qdf', '--object-streams=disable', path, '-']).stdout;
    expect(raw).toContain('/Lang (en)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toContain('/URI (https://www.osce.org/)');
    expect(raw).toContain('/URI (mailto:press@example.org)');
  });

  it('embeds only subset Noto/DejaVu TrueType fonts, never Helvetica', async (ctx) => {
    const { bytes } = await createPdfRenderer({ compress: false })(kitchenSinkInput());
    expect(Buffer.from(bytes).includes('Helvetica')).toBe(false);
    const rows = run(ctx, 'pdffonts', [save(bytes)]).stdout.trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+(NotoSans-|DejaVuSans|NotoEmoji)\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    }
  });

  it('passes qpdf --check', async (ctx) => {
    const { status, stdout } = run(ctx, 'qpdf', ['--check', save((await renderPdf(kitchenSinkInput())).bytes)]);
    expect(stdout).toContain('No syntax or stream encoding errors');
    expect(status).toBe(0);
  });

  it('is byte-identical when rendered twice', async () => {
    const a = await renderPdf(kitchenSinkInput());
    const b = await renderPdf(kitchenSinkInput());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('keeps text inside the margins and never over other text', async (ctx) => {
    const layout = words(ctx, save((await renderPdf(kitchenSinkInput())).bytes));
    expectInsideMargins(layout);
    expectNoOverlap(layout);
  });

  it('flows the body in two columns when asked', async (ctx) => {
    const { bytes } = await createPdfRenderer({ columns: 2 })(kitchenSinkInput());
    const path = save(bytes);
    const text = squash(run(ctx, 'pdftotext', [path, '-']).stdout);
    expect(text).toContain('experts took part');
    const layout = words(ctx, path);
    expectInsideMargins(layout);
    expectNoOverlap(layout);
  });
});

describe('renderPdf: pagination', () => {
  it('paginates 300 paragraphs with "Page n of m" on every page, inside the margins', async (ctx) => {
    const children: Block[] = [];
    for (let i = 1; i <= 300; i++) {
      if (i % 25 === 1) children.push({ type: 'heading', depth: 2, children: [{ type: 'text', value: `Heading before paragraph ${i}` }] });
      children.push(para(`Paragraph ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(1 + (i % 5))}end${i}.`));
    }
    const path = save((await renderPdf({ ...kitchenSinkInput(), doc: docWith(children) })).bytes);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(run(ctx, 'pdfinfo', [path]).stdout)?.[1]);
    expect(pages).toBeGreaterThan(10);
    for (let n = 1; n <= pages; n++) {
      const page = run(ctx, 'pdftotext', ['-f', String(n), '-l', String(n), path, '-']).stdout;
      expect(page).toContain(`Page ${n} of ${pages}`);
      expect(page).toContain('PUBLIC');
    }
    const all = squash(run(ctx, 'pdftotext', [path, '-']).stdout);
    for (let i = 1; i <= 300; i++) expect(all).toContain(`end${i}.`);
    const layout = words(ctx, path);
    expectInsideMargins(layout);
    expectNoOverlap(layout);
    // A heading is never the last body line of a page.
    for (let n = 1; n <= pages; n++) {
      const body = layout.words.filter((w) => w.page === n && w.yMax <= layout.pages[0]!.height - margins.bottom);
      const lastY = Math.max(...body.map((w) => w.yMin));
      const lastLine = body.filter((w) => Math.abs(w.yMin - lastY) < 1).map((w) => w.text).join(' ');
      expect(lastLine).not.toMatch(/^Heading before/);
    }
  });

  it('breaks a 500-character word between characters, without a hyphen', async (ctx) => {
    const word = Array.from({ length: 500 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[i % 26]).join('');
    const doc = docWith([para(`Before ${word} after.`), { type: 'heading', depth: 2, children: [{ type: 'text', value: word.slice(0, 200) }] }]);
    const path = save((await renderPdf({ ...kitchenSinkInput(), doc })).bytes);
    const text = run(ctx, 'pdftotext', [path, '-']).stdout;
    expect(text).not.toContain('-');
    expect(text.replace(/\s+/g, '')).toContain(`Before${word}after.`);
    const layout = words(ctx, path);
    expectInsideMargins(layout);
    expectNoOverlap(layout);
  });

  it('handles a one-point paragraph and a single empty document', async (ctx) => {
    const path = save((await renderPdf({ ...kitchenSinkInput(), doc: docWith([para('.')]) })).bytes);
    expect(run(ctx, 'pdftotext', [path, '-']).stdout).toContain('Page 1 of 1');
    const empty = save((await renderPdf({ ...kitchenSinkInput(), doc: docWith([]) })).bytes);
    expect(run(ctx, 'pdftotext', [empty, '-']).stdout).toContain('Page 1 of 1');
  });

  it('honours a page break, in two columns too (a new page, not the next column)', async (ctx) => {
    for (const columns of [1, 2] as const) {
      const path = save((await createPdfRenderer({ columns })({ ...kitchenSinkInput(), doc: docWith([para('first page'), { type: 'pageBreak' }, para('second page')]) })).bytes);
      expect(run(ctx, 'pdftotext', ['-f', '2', '-l', '2', path, '-']).stdout).toContain('second page');
    }
  });

  it('sets the title block, lead and key figures full width, the closing block after the columns', () => {
    const [header, body, closing] = flowParts(kitchenSinkDoc.children, 2);
    expect(header.map((b) => b.type)).toEqual(['titleBlock', 'heading', 'lead', 'heading', 'keyFigures']);
    expect(body.length).toBeGreaterThan(3);
    expect(closing.map((b) => b.type)).toEqual(['closing']);
    expect(flowParts(kitchenSinkDoc.children, 1)[2]).toEqual([]);
  });

  it('reads column 1 before column 2 and balances the last page', async (ctx) => {
    const children: Block[] = [];
    for (let i = 1; i <= 24; i++) children.push(para(`Item ${i}: ${'words to fill a column '.repeat(4)}end${i}.`));
    const path = save((await renderPdf({ ...kitchenSinkInput(), doc: docWith(children, { marking: undefined }) })).bytes);
    const layout = words(ctx, path);
    const ends = layout.words.filter((w) => /^end\d+\.$/.test(w.text));
    expect(ends).toHaveLength(24);
    // In stream order (pdftotext -raw) the items come 1..24: column 1, then column 2.
    const raw = run(ctx, 'pdftotext', ['-raw', path, '-']).stdout;
    expect([...raw.matchAll(/end(\d+)\./g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const left = ends.filter((w) => w.xMin < 300);
    const right = ends.filter((w) => w.xMin >= 300);
    expect(left.length).toBeGreaterThan(0);
    expect(right.length).toBeGreaterThan(0);
    expect(Math.max(...left.map((w) => Number(w.text.slice(3, -1))))).toBeLessThan(Math.min(...right.map((w) => Number(w.text.slice(3, -1)))));
    // Balanced: the two columns end within a few lines of each other.
    const bottom = (list: PdfWord[]) => Math.max(...list.map((w) => w.yMax));
    const columnWords = layout.words.filter((w) => w.yMax < layout.pages[0]!.height - margins.bottom);
    expect(Math.abs(bottom(columnWords.filter((w) => w.xMin < 300)) - bottom(columnWords.filter((w) => w.xMin >= 300)))).toBeLessThan(40);
  });
});

describe('renderPdf: text', () => {
  const scripts = [
    'Съешь же ещё этих мягких французских булок',
    'Γαζέες καὶ μυρτιὲς δὲν θὰ βρῶ πιὰ',
    'Zażółć gęślą jaźń',
    'Où est la cité? Ça coûte 10 €, naïve façade',
    '“curly” ‘single’ – en dash — em dash',
    'emoji 🙂 and 🌍 here',
    'family 👨‍👩‍👧 heart ❤️ flag 🇫🇷',
    'e\u0301 combining',
  ];

  it('extracts Cyrillic, Greek, Polish, French, punctuation and emoji as written', async (ctx) => {
    const { bytes, warnings } = await renderPdf({ ...kitchenSinkInput(), doc: docWith(scripts.map(para)) });
    expect(warnings).toEqual([]);
    const text = run(ctx, 'pdftotext', ['-enc', 'UTF-8', save(bytes), '-']).stdout;
    for (const s of scripts) expect(text.normalize('NFC')).toContain(s.normalize('NFC'));
  });

  it('never breaks a line after a hyphen, so hyphenated words extract intact (regression: "co-operation" came out as "cooperation")', async (ctx) => {
    const words = Array.from({ length: 40 }, (_, i) => `co-operation${i} cross-border`).join(' ');
    const text = squash(run(ctx, 'pdftotext', ['-enc', 'UTF-8', save((await renderPdf({ ...kitchenSinkInput(), doc: docWith([para(words)]) })).bytes), '-']).stdout);
    for (let i = 0; i < 40; i++) expect(text).toContain(`co-operation${i} cross-border`);
  });

  it('draws plain fields literally', async (ctx) => {
    const hostile = ['# not a heading', '**x**', '{{title}}', '<b>', '| a |', ':::note', '[l](http://x)', 'back\\slash', '🙂', '“q”', 'a – b'];
    const doc = docWith([
      para(hostile.join(' ')),
      { type: 'keyFigures', children: [{ type: 'keyFigure', value: '{{v}}', label: '**label** <i>' }] },
      { type: 'quote', speaker: '<script>', role: '# role', children: [para(':::quote')] },
    ]);
    const text = squash(run(ctx, 'pdftotext', ['-enc', 'UTF-8', save((await renderPdf({ ...kitchenSinkInput(), doc })).bytes), '-']).stdout);
    for (const s of [...hostile, '{{v}}', '**label** <i>', '— <script>, # role', '“:::quote”']) expect(text).toContain(s);
  });

  it('draws a placeholder for a character no font has, warns, and keeps the character for extraction', async (ctx) => {
    const { bytes, warnings } = await renderPdf({ ...kitchenSinkInput(), doc: docWith([para('CJK 中 here')]) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', file: 'kitchen-sink', code: 'missing-glyph' });
    expect(warnings[0]!.message).toContain('U+4E2D');
    const text = run(ctx, 'pdftotext', ['-enc', 'UTF-8', save(bytes), '-']).stdout;
    expect(text).toContain('CJK 中 here');
  });

  it('warns about a missing character in every document that draws it, in order of first use (runs are kept per process)', async () => {
    const doc = docWith([para('字 first, then 中 and 字 again')]);
    for (let i = 0; i < 2; i++) {
      const { warnings } = await renderPdf({ ...kitchenSinkInput(), doc });
      expect(warnings.map((w) => w.message.slice(0, 31))).toEqual(['no font has a glyph for U+5B57 ', 'no font has a glyph for U+4E2D ']);
    }
  });

  it('throws RenderError for a figure whose image is missing', async () => {
    const doc = docWith([{ type: 'figure', src: 'nope.png', alt: 'x' }]);
    await expect(renderPdf({ ...kitchenSinkInput(), doc })).rejects.toBeInstanceOf(RenderError);
  });

  it('throws RenderError for a node out of place', async () => {
    const doc = docWith([{ type: 'keyFigure', value: '1', label: 'alone' }]);
    await expect(renderPdf({ ...kitchenSinkInput(), doc })).rejects.toBeInstanceOf(RenderError);
  });
});

describe('renderPdf: tagged PDF', () => {
  it('is tagged with a structure tree, alt text, links, bookmarks and artifacts', async (ctx) => {
    const path = save((await renderPdf(kitchenSinkInput())).bytes);
    expect(run(ctx, 'pdfinfo', [path]).stdout).toMatch(/^Tagged:\s+yes$/m);
    const tree = run(ctx, 'pdfinfo', ['-struct-text', path]).stdout;
    for (const role of ['Document', 'H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody', 'BlockQuote', 'Figure', 'Caption', 'Table', 'TR', 'TH', 'TD', 'Link', 'Sect']) {
      expect(tree, role).toMatch(new RegExp(`^ *${role}( \\((block|inline)\\))?:?$`, 'm'));
    }
    expect(tree).not.toContain('Page 1 of');
    const raw = run(ctx, 'qpdf', ['--qdf', '--object-streams=disable', path, '-']).stdout;
    const figure = kitchenSinkDoc.children.find((b) => b.type === 'figure');
    if (figure?.type === 'figure') expect(raw).toContain(`/Alt (${figure.alt})`);
    expect(raw).toContain('/Artifact');
    expect(raw).toContain('/Type /Pagination');
    expect(raw).toContain('/Outlines');
    expect(raw).toContain('/Scope /Column');
    expect(raw).toContain('/Tabs /S');
    expect(raw).toContain('pdfuaid:part');
    // Every link annotation belongs to a Link structure element.
    const annots = raw.match(/\/Subtype \/Link/g)?.length ?? 0;
    expect(annots).toBeGreaterThan(0);
    expect(raw.match(/\/StructParent \d+/g)?.length).toBe(annots);
  });

  it('draws the theme logo in the header band in place of the organisation names, as a figure with alt text', async (ctx) => {
    const logo = { mime: 'image/png' as const, bytes: makePng(120, 40), width: 120, height: 40 };
    const theme = { ...kitchenSinkInput().theme, logo: { src: 'logo.png', alt: 'OSCE and UNODC logos' } };
    const path = save((await renderPdf({ ...kitchenSinkInput(), theme, logo })).bytes);
    const page = run(ctx, 'pdftotext', ['-f', '1', '-l', '1', path, '-']).stdout;
    expect(page).not.toContain('OSCE · UNODC');
    const raw = run(ctx, 'qpdf', ['--qdf', '--object-streams=disable', path, '-']).stdout;
    expect(raw).toContain('/Alt (OSCE and UNODC logos)');
    expect(raw.match(/\/Subtype \/Image/g)?.length).toBe(2);
    const layout = words(ctx, path);
    expectInsideMargins(layout);
    expectNoOverlap(layout);
  });
});

describe('renderPdf: fonts parsed once per process', () => {
  it('parses each font file once, and shapes each word once with the code points of that word', () => {
    const file = loadBundledFonts().primary.regular;
    expect(parsedFont(file)).toBe(parsedFont({ ...file }));
    // Noto Sans draws इ (U+0907) with the glyph that also begins ई (U+0908): each word keeps its own character.
    const first = shapeWord(file, 'इ');
    const second = shapeWord(file, 'ई');
    expect(first.glyphs[0]!.id).toBe(second.glyphs[0]!.id);
    expect(first.glyphs[0]!.codePoints).toEqual([0x907]);
    expect(second.glyphs.flatMap((g) => g.codePoints)).toEqual([0x908]);
    expect(first.faithful && second.faithful).toBe(true);
    expect(shapeWord(file, 'इ')).toBe(first);
    // pdfkit's cut of a text into words, the space staying with the word before it.
    const words: string[] = [];
    forEachWord('a  b\tc ', (w) => words.push(w));
    expect(words).toEqual(['a ', ' ', 'b\t', 'c ']);
    expect(unitWidth(file, 'a  b')).toBeCloseTo(unitWidth(file, 'a ') + unitWidth(file, ' ') + unitWidth(file, 'b'), 10);
    // fontkit throws on an empty mark anchor of DejaVu Sans Mono; the word is set with its plain glyphs.
    const mono = loadBundledFonts().mono;
    expect(shapeWord(mono, 'с̼').glyphs.map((g) => g.codePoints)).toEqual([[0x441], [0x33c]]);
  });

  it('shapes words exactly as fontkit lays them out by itself (ids, advances, offsets), in every script the fonts cover', () => {
    const fonts = loadBundledFonts();
    const words = ['office ', 'AVAT', 'fi', 'ffl', 'Téléphone', 'e\u0301', 'Съешь ', 'Γαζέες', 'किसी', 'ईइ', 'क्षि', '1/2', '1\u20442', 'Ǆ', 'WAVE.', 'Tŷ', 'ẞ', '“Yes,”', '‹T›', 'ÅÄÖ', 'ąęłńś'];
    for (const file of [fonts.primary.regular, fonts.primary.bold, fonts.primary.italic, fonts.mono]) {
      // A separate parse of the same bytes, used as fontkit intends it.
      const plain = create(file.bytes) as unknown as { unitsPerEm: number; layout(t: string): { glyphs: { id: number }[]; positions: Record<'xAdvance' | 'yAdvance' | 'xOffset' | 'yOffset', number>[] } };
      const scale = 1000 / plain.unitsPerEm;
      // Twice: the second pass runs on the memoised script and feature selection.
      for (const word of [...words, ...[...words].reverse()]) {
        (plain as unknown as { _glyphs: object })._glyphs = {};
        const expected = plain.layout(word);
        const shaped = shapeWord(file, word);
        expect(shaped.glyphs.map((g) => g.id), `${file.key} ${word}`).toEqual(expected.glyphs.map((g) => g.id));
        expected.positions.forEach((p, i) => {
          const got = shaped.positions[i]!;
          expect([got.xAdvance, got.yAdvance, got.xOffset, got.yOffset], `${file.key} ${word} glyph ${i}`).toEqual([p.xAdvance * scale, p.yAdvance * scale, p.xOffset * scale, p.yOffset * scale]);
        });
      }
    }
  });

  it('property: the fast path (no layout engine) gives exactly fontkit\'s shapes, for 2,000 random words in every font', () => {
    const seed = seedFor('fast shaping');
    const fonts = loadBundledFonts();
    const files = [fonts.primary.regular, fonts.primary.bold, fonts.primary.italic, fonts.primary.boldItalic, fonts.mono, ...fonts.fallbacks];
    const plains = new Map(files.map((f) => [f.key, create(f.bytes) as unknown as { unitsPerEm: number; layout(t: string): { glyphs: { id: number }[]; positions: Record<'xAdvance' | 'yAdvance' | 'xOffset' | 'yOffset', number>[] } }]));
    // Letters that kern (AV, To, «…»), ligature starts, accents, Greek, Cyrillic, the no-break spaces
    // French quotes use, and any BMP character now and then.
    const common = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzAVTWYLPFKRoeéèçñßſƒабвгдежзийклмнопрстуфхцчшщъыьэюяΑΒΓΔαβγδεζλ.,;:!?()«»“”‘’-–—0123456789%+ \u00a0\u202f'.split(''));
    const any = fc.integer({ min: 0x20, max: 0x2fff }).map((cp) => String.fromCharCode(cp));
    const word = fc.array(fc.oneof({ weight: 6, arbitrary: common }, { weight: 1, arbitrary: any }), { minLength: 1, maxLength: 9 }).map((cs) => cs.join(''));
    let fast = 0;
    fc.assert(
      fc.property(word, fc.constantFrom(...files), (w, file) => {
        const plain = plains.get(file.key)!;
        const scale = 1000 / plain.unitsPerEm;
        // fontkit keeps each glyph object with the characters of its first use (which decides whether a
        // default-ignorable character is hidden, or a glyph without a GDEF class is a mark): give the
        // reference a fresh glyph cache per word, and skip words where two characters share a glyph
        // (.notdef for most), which the reference then reads with the first one's characters.
        const reference = plain as unknown as { _glyphs: object; glyphForCodePoint(cp: number): { id: number } };
        const byGlyph = new Map<number, string>();
        for (const ch of w) {
          const id = reference.glyphForCodePoint(ch.codePointAt(0)!).id;
          fc.pre(byGlyph.get(id) === undefined || byGlyph.get(id) === ch);
          byGlyph.set(id, ch);
        }
        reference._glyphs = {};
        if (takesFastPath(file, w)) fast++;
        // Ours never throws; fontkit itself does on some mark anchors (then ours sets the plain glyphs).
        const shaped = shapeWord(file, w);
        let expected: ReturnType<typeof plain.layout>;
        try {
          expected = plain.layout(w);
        } catch {
          return fc.pre(false);
        }
        expect(shaped.glyphs.map((g) => g.id)).toEqual(expected.glyphs.map((g) => g.id));
        expect(shaped.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset])).toEqual(expected.positions.map((p) => [p.xAdvance * scale, p.yAdvance * scale, p.xOffset * scale, p.yOffset * scale]));
      }),
      { numRuns: 2000, seed, endOnFailure: true, maxSkipsPerRun: 100 },
    );
    // The comparison must exercise the fast path, not only fontkit's.
    expect(fast).toBeGreaterThan(600);
    expect(takesFastPath(fonts.primary.regular, 'Vienna, 2024 ')).toBe(true);
    // Ligatures are formed by the fast path too ("ffi" stands for its three characters); marks are fontkit's.
    expect(takesFastPath(fonts.primary.regular, 'office')).toBe(true);
    // French quotes (src/doc/quotes.ts) put a narrow no-break space inside the guillemets.
    expect(takesFastPath(fonts.primary.italic, '\u00ab\u202fFormation ')).toBe(true);
    expect(shapeWord(fonts.primary.regular, 'office').glyphs.map((g) => g.codePoints)).toEqual([[0x6f], [0x66, 0x66, 0x69], [0x63], [0x65]]);
    expect(takesFastPath(fonts.primary.regular, 'e\u0301')).toBe(false);
  });

  it('property: splitGraphemes gives ICU\'s grapheme clusters, with and without its per-character shortcut, for 1,000 random texts', () => {
    const seed = seedFor('grapheme split');
    const icu = new Intl.Segmenter('und', { granularity: 'grapheme' });
    // Plain letters and punctuation (the shortcut), and now and then a combining mark, CR LF, a joiner,
    // a variation selector, an emoji with a skin tone, a flag's regional indicators, Hangul jamo, Devanagari.
    const plain = fc.constantFrom(...'abcXYZ éçßΩωЖж.,;:!?«»“”–—…0123456789 \u00a0\u202f\u2026'.split(''));
    const special = fc.constantFrom('\u0301', '\r', '\n', '\r\n', '\u200d', '\u200c', '\ufe0f', '\u00ad', '\u{1F44D}\u{1F3FD}', '\u{1F1EB}\u{1F1F7}', '\u1100\u1161', '\u0915\u094d\u0937', '\u0e01\u0e33', '\t');
    const any = fc.integer({ min: 0x20, max: 0x2fff }).map((cp) => String.fromCharCode(cp));
    const text = fc.array(fc.oneof({ weight: 8, arbitrary: plain }, { weight: 1, arbitrary: special }, { weight: 1, arbitrary: any }), { maxLength: 30 }).map((parts) => parts.join(''));
    let shortcut = 0;
    fc.assert(
      fc.property(text, (t) => {
        if (/^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u2010-\u2027]*$/.test(t)) shortcut++;
        expect(splitGraphemes(t)).toEqual(Array.from(icu.segment(t), (s) => s.segment));
      }),
      { numRuns: 1000, seed },
    );
    expect(shortcut).toBeGreaterThan(100);
    expect(splitGraphemes('Évaluation…')).toEqual('Évaluation…'.split(''));
  });

  it('the shaping tables npm run build writes for the bundled fonts are the plans and LightFont data worked out from the fonts now', () => {
    const fonts = loadBundledFonts();
    for (const file of [...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks]) {
      const path = new URL(`../../dist/render/pdf/shaping-tables/${fontTablesKey(file.bytes)}.json`, import.meta.url);
      const data = JSON.parse(readFileSync(path, 'utf8')) as { version: number; plans: unknown[]; scripts: Record<string, number>; light?: unknown };
      expect(data.version).toBe(SHAPING_TABLES_VERSION);
      const stored = Object.fromEntries(Object.entries(data.scripts).map(([script, i]) => [script, data.plans[i]]));
      const worked = Object.fromEntries(Object.entries(fontPlans(file)).map(([script, plan]) => [script, plan && packPlan(plan)]));
      expect(stored, file.key).toEqual(JSON.parse(JSON.stringify(worked)));
      // Every bundled face is read without fontkit (a face the LightFont cannot read would say why instead).
      expect(data.light, file.key).toEqual(JSON.parse(JSON.stringify(lightFontData(file.bytes, create(file.bytes) as unknown as FontkitFace))));
    }
  });

  it('names shaping tables by a font’s length and table directory: distinct for the bundled fonts, changed by any table a font tool rewrites, whole bytes for what is not an sfnt', () => {
    const fonts = loadBundledFonts();
    const files = [...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks];
    expect(new Set(files.map((file) => fontTablesKey(file.bytes))).size).toBe(files.length);
    const bytes = new Uint8Array(files[0]!.bytes);
    const key = fontTablesKey(bytes);
    // The first table record's checksum (bytes 16–19), as a tool that rewrites that table sets it.
    const changed = new Uint8Array(bytes);
    changed[19] = changed[19]! ^ 1;
    expect(fontTablesKey(changed)).not.toBe(key);
    expect(fontTablesKey(bytes.subarray(0, bytes.length - 4))).not.toBe(key);
    // Past the directory, the bytes are not read.
    const after = new Uint8Array(bytes);
    after[after.length - 1] = after[after.length - 1]! ^ 1;
    expect(fontTablesKey(after)).toBe(key);
    const woff = new TextEncoder().encode('wOFF and then anything');
    expect(fontTablesKey(woff)).toBe(createHash('sha256').update(woff).digest('hex'));
  });

  it('finds the shaping tables from the compiled modules (dist/, one folder deep like every bundle chunk)', () => {
    const script = `import('./dist/render/pdf/shaping.js').then(async (shaping) => {
      const { loadBundledFonts } = await import('./dist/env/fonts.js');
      const fonts = loadBundledFonts();
      console.log(JSON.stringify([...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks].map((file) => shaping.hasPrecomputedPlans(file))));
    })`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([true, true, true, true, true, true, true]);
    // Every bundle chunk sits directly in dist/bundle/, so the same relative path works from there.
    const bundle = new URL('../../dist/bundle/', import.meta.url);
    expect(readdirSync(bundle, { withFileTypes: true }).filter((entry) => entry.isDirectory())).toEqual([]);
  });

  it('reads the post table fields fontkit would (glyph names decoded only when asked for)', () => {
    const fonts = loadBundledFonts();
    for (const file of [...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks]) {
      const ours = fontkitFont(file) as unknown as { post: Record<string, unknown>; italicAngle: number };
      const theirs = create(file.bytes) as unknown as { post: Record<string, unknown>; italicAngle: number };
      for (const key of ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1', 'numberOfGlyphs', 'glyphNameIndex', 'names', 'offsets', 'map']) {
        expect(ours.post[key], `${file.key} ${key}`).toEqual(theirs.post[key]);
      }
      expect(ours.italicAngle).toBe(theirs.italicAngle);
    }
  });

  it('property: the subset fonts are byte for byte the ones fontkit encodes, for random glyph sets of every bundled font', () => {
    const fonts = loadBundledFonts();
    const seed = seedFor('subset encoding');
    for (const file of [...Object.values(fonts.primary), fonts.mono, ...fonts.fallbacks]) {
      // A font of its own: fontkit's encoder would otherwise decode glyphs through the shared font's memo.
      const font = create(file.bytes) as unknown as { numGlyphs: number; createSubset(): { glyphs: number[]; includeGlyph(id: number): number; encode(): Uint8Array } };
      fc.assert(
        fc.property(fc.array(fc.nat({ max: font.numGlyphs - 1 }), { minLength: 0, maxLength: 400 }), (ids) => {
          const theirs = font.createSubset();
          const ours = font.createSubset();
          for (const id of ids) {
            theirs.includeGlyph(id);
            ours.includeGlyph(id);
          }
          const expected = Buffer.from(theirs.encode());
          const actual = encodeTrueTypeSubset(ours as unknown as Parameters<typeof encodeTrueTypeSubset>[0]);
          expect(actual, file.key).toBeDefined();
          expect(Buffer.from(actual!).equals(expected), file.key).toBe(true);
          // Components of composite glyphs are added in the same order.
          expect(ours.glyphs).toEqual(theirs.glyphs);
        }),
        { numRuns: 40, seed },
      );
    }
  });

  it('gives the same bytes after other documents in this process as in a fresh process', async () => {
    const input = kitchenSinkInput();
    const first = await renderPdf(input);
    // Other text in between uses glyphs (and ligatures) in a different order.
    await renderPdf({ ...kitchenSinkInput(), doc: docWith([para('ffi fl fi — Съешь же ещё этих мягких французских булок 🙂 Γαζέες')]) });
    const second = await renderPdf(input);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    // A fresh Node process renders the same input from the compiled renderer.
    const script = `
      import { renderPdf } from './dist/render/pdf/index.js';
      import { loadBundledFonts } from './dist/env/fonts.js';
      const chunks = [];
      for await (const c of process.stdin) chunks.push(c);
      const data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const assets = new Map(data.assets.map(([k, a]) => [k, { ...a, bytes: new Uint8Array(Buffer.from(a.bytes, 'base64')) }]));
      const { bytes } = await renderPdf({ doc: data.doc, theme: data.theme, fonts: loadBundledFonts(), assets, created: new Date(data.created) });
      process.stdout.write(Buffer.from(bytes).toString('base64'));
    `;
    const payload = JSON.stringify({ doc: input.doc, theme: input.theme, created: input.created.toISOString(), assets: [...input.assets].map(([k, a]) => [k, { ...a, bytes: Buffer.from(a.bytes).toString('base64') }]) });
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: payload, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: new URL('../../', import.meta.url).pathname });
    expect(child.stderr).toBe('');
    expect(Buffer.from(child.stdout, 'base64').equals(Buffer.from(first.bytes))).toBe(true);
  });
});

describe('theme.yaml: the logo key the fact sheet draws', () => {
  it('accepts a PNG or JPEG inside the template set and rejects paths that leave it', async () => {
    const { readTheme } = await import('../../src/template/theme.js');
    expect(readTheme('theme.yaml', 'logo: { src: images/logo.png, height: 30, alt: Example Agency }')).toMatchObject({ theme: { logo: { src: 'images/logo.png', height: 30, alt: 'Example Agency' } }, diagnostics: [] });
    for (const src of ['../logo.png', '/etc/logo.png', 'logo.svg']) {
      const { theme, diagnostics } = readTheme('theme.yaml', `logo: { src: "${src}" }`);
      expect(theme.logo).toBeUndefined();
      expect(diagnostics.map((d) => d.path)).toEqual(['logo.src']);
    }
  });
});

describe('regression: pdfkit writes the XMP metadata without escaping', () => {
  it('keeps the XMP packet well-formed for a title holding & < > and quotes', async () => {
    const doc = { ...kitchenSinkDoc, meta: { ...kitchenSinkDoc.meta, title: 'A & B <c> "d"', organizations: ['R&D <unit>'] } };
    const { bytes } = await createPdfRenderer({ ...defaultPdfOptions, compress: false })({ ...kitchenSinkInput(), doc });
    const text = Buffer.from(bytes).toString('latin1');
    const xmp = /<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(text)?.[0] ?? '';
    expect(xmp).toContain('A &amp; B &lt;c&gt; &quot;d&quot;');
    expect(xmp).toContain('R&amp;D &lt;unit&gt;');
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#)/);
  });
});
