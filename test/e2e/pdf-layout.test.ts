import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { defaultTheme } from '../../src/doc/theme.js';
import { compact, markdownText, pdfWords, type PdfWord } from '../helpers/extract.js';
import { REPO } from '../helpers/project.js';
import { canRun, run } from '../helpers/tools.js';

// The fact sheet of three items, built by the CLI and judged by poppler and
// qpdf: the sample (English, two pages), a Russian rendering of it, and a
// generated item with 300 points (examples/generate-long.mjs).
const ITEMS = [
  { id: 'osce-unodc-paris-pact-2024', file: 'content/osce-unodc-paris-pact-2024.yaml', maxPages: 2 },
  { id: 'ru-osce-unodc-paris-pact-2024', file: 'examples/content/ru-osce-unodc-paris-pact-2024.yaml', maxPages: 2 },
  { id: 'long-300-points', file: 'examples/content/long-300-points.yaml', maxPages: 30 },
] as const;

interface Item {
  title: string;
  summary: string;
  key_figures?: { value: string; label: string }[];
  sections?: { heading: string; body?: string; points?: string[] }[];
  quotes?: { text: string; speaker: string; role?: string }[];
  sources?: { title: string; publisher?: string }[];
}

const out = mkdtempSync(join(tmpdir(), 'briefkit-pdf-layout-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const pdfOf = (id: string): string => join(out, id, `${id}-factsheet.pdf`);
const itemOf = (file: string): Item => parseYaml(readFileSync(join(REPO, file), 'utf8')) as Item;
const plain = (markdown: string): string => markdownText(fromMarkdown(markdown)).replace(/\s+/g, ' ').trim();

/** Every piece of an item's content, in the order the fact sheet shows it. */
function contentInOrder(item: Item): string[] {
  return [
    item.title,
    ...plain(item.summary).split(/(?<=\.) /),
    ...(item.key_figures ?? []).flatMap((k) => [k.value, k.label]),
    ...(item.sections ?? []).flatMap((s) => [s.heading, ...(s.body ? [plain(s.body)] : []), ...(s.points ?? []).map(plain)]),
    ...(item.quotes ?? []).flatMap((q) => [q.text, q.speaker, ...(q.role ? [q.role] : [])]),
    ...(item.sources ?? []).map((s) => s.title),
  ].filter((t) => t !== '');
}

function wordsOf(path: string): ReturnType<typeof pdfWords> {
  return pdfWords(run('pdftotext', ['-bbox-layout', path, '-']));
}

const margins = defaultTheme.page.margins;

beforeAll(() => {
  const result = spawnSync(process.execPath, [join(REPO, 'bin/briefkit.js'), 'build', '--quiet', '--format', 'pdf', '--out', out, ...ITEMS.map((i) => i.file)], { cwd: REPO, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 120_000);

describe.each(ITEMS)('the fact sheet of $id', ({ id, file, maxPages }) => {
  const item = itemOf(file);

  it.runIf(canRun('qpdf'))('passes qpdf --check', () => {
    expect(run('qpdf', ['--check', pdfOf(id)])).toContain('No syntax or stream encoding errors');
  });

  it.runIf(canRun('pdfinfo'))('is tagged, titled, A4, and within its page budget', () => {
    const info = run('pdfinfo', [pdfOf(id)]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info.split('\n').find((l) => l.startsWith('Title:'))?.replace(/^Title:\s+/, '')).toBe(item.title);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(maxPages);
  });

  it.runIf(canRun('pdffonts'))('embeds every font as a subset', () => {
    const rows = run('pdffonts', [pdfOf(id)]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it.runIf(canRun('pdftotext'))('keeps every word 18 pt from the edge, inside the margins, and off other words', () => {
    const layout = wordsOf(pdfOf(id));
    expect(layout.words.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const w of layout.words) {
      const page = layout.pages[w.page - 1]!;
      if (w.xMin < 18 || w.yMin < 18 || w.xMax > page.width - 18 || w.yMax > page.height - 18) problems.push(`p${w.page} "${w.text}" within 18 pt of the edge`);
      if (w.xMin < margins.left - 0.5 || w.xMax > page.width - margins.right + 0.5) problems.push(`p${w.page} "${w.text}" outside the side margins`);
      const inBody = w.yMin >= margins.top - 1 && w.yMax <= page.height - margins.bottom + 1;
      const inHeader = w.yMax <= margins.top;
      const inFooter = w.yMin >= page.height - margins.bottom;
      if (!inBody && !inHeader && !inFooter) problems.push(`p${w.page} "${w.text}" straddles a margin at y=${w.yMin}..${w.yMax}`);
    }
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
          // poppler's word boxes span the font's ascent to descent (1.36 em for Noto Sans), taller
          // than a line of tightly set display text: boxes of adjacent lines may touch, text may not.
          const height = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
          if (dx > 1 && dy > Math.max(2, height * 0.25)) problems.push(`p${a.page} "${a.text}" overlaps "${b.text}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.runIf(canRun('pdftotext'))('extracts all its content, in reading order (column 1 before column 2, page by page)', () => {
    // -raw keeps the content stream's order, which is the order the fact sheet was laid out in;
    // the crop to the body area leaves out the running header and footer between pages.
    const crop = ['-x', '0', '-y', String(margins.top), '-W', '600', '-H', String(Math.floor(841.89 - margins.top - margins.bottom))];
    const text = compact(run('pdftotext', ['-raw', ...crop, '-enc', 'UTF-8', pdfOf(id), '-']));
    let from = 0;
    const problems: string[] = [];
    for (const piece of contentInOrder(item)) {
      const at = text.indexOf(compact(piece), from);
      if (at === -1) problems.push(text.includes(compact(piece)) ? `out of order: ${piece}` : `missing: ${piece}`);
      else from = at + compact(piece).length;
    }
    expect(problems).toEqual([]);
  });

  it.runIf(canRun('pdfinfo'))('has a structure tree with headings, lists and quotes, and bookmarks for the sections', () => {
    const tree = run('pdfinfo', ['-struct-text', pdfOf(id)]);
    for (const role of ['Document', 'H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody', 'BlockQuote']) expect(tree, role).toMatch(new RegExp(`^ *${role}( \\(block\\))?$`, 'm'));
    // The running footer is an artifact: it is on the page but not in the tree.
    expect(tree).not.toMatch(/Page \d+ of|Страница \d+ из/);
    const raw = run('qpdf', ['--qdf', '--object-streams=disable', pdfOf(id), '-']);
    expect(raw).toContain('/Outlines');
    // One outline entry per section (and the closing block's heading), besides the info dictionary's /Title.
    expect(raw.match(/\/Title /g)?.length ?? 0).toBeGreaterThan((item.sections ?? []).length);
  });
});

describe.runIf(canRun('pdftotext'))('the long item', () => {
  it('shows all 300 points, in order, each once', () => {
    const text = run('pdftotext', ['-raw', '-enc', 'UTF-8', pdfOf('long-300-points'), '-']).replace(/\s+/g, ' ');
    const found = [...text.matchAll(/Point (\d+):/g)].map((m) => Number(m[1]));
    expect(found).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});
