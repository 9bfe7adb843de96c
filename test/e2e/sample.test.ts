import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compact, docxJson, docxText, markdownText, outline, pandocBlocks, pandocText, pdfText, pptxText } from '../helpers/extract.js';
import { REPO } from '../helpers/project.js';
import { canRun, run } from '../helpers/tools.js';

const ID = 'osce-unodc-paris-pact-2024';
const out = mkdtempSync(join(tmpdir(), 'briefkit-sample-'));
const file = (suffix: string) => join(out, ID, `${ID}${suffix}`);

interface SampleItem {
  title: string;
  key_figures: { value: string; label: string }[];
  sections: { heading: string; points?: string[] }[];
  quotes: { text: string; speaker: string; role?: string }[];
  talking_points: string[];
}
const sample = parseYaml(readFileSync(join(REPO, 'content', `${ID}.yaml`), 'utf8')) as SampleItem;
/** Plain text of an inline Markdown value (points may carry **bold**). */
const plain = (markdown: string) => markdownText(fromMarkdown(markdown)).replace(/\s+/g, ' ').trim();
const points = sample.sections.flatMap((s) => s.points ?? []).map(plain);
const everyText = [...sample.quotes.flatMap((q) => [q.text, q.speaker, q.role ?? '']), ...sample.key_figures.flatMap((k) => [k.value, k.label]), ...sample.sections.map((s) => s.heading), ...points].filter((t) => t !== '');

beforeAll(() => {
  const result = spawnSync(process.execPath, [join(REPO, 'bin/briefkit.js'), 'build', '--out', out], { cwd: REPO, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 120_000);

describe('the sample item, built by the CLI', () => {
  it('writes the four outputs and a manifest listing them with sizes and sha256', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { tool: string; items: { id: string; source: string; status: string; outputs: { format: string; path: string; bytes: number; sha256: string }[] }[] };
    expect(manifest.tool).toBe('briefkit');
    expect(manifest.items).toHaveLength(1);
    const [item] = manifest.items;
    expect(item).toMatchObject({ id: ID, source: `content/${ID}.yaml`, status: 'built' });
    expect(item!.outputs.map((o) => o.format)).toEqual(['pdf', 'docx', 'outline', 'pptx']);
    for (const output of item!.outputs) {
      const bytes = readFileSync(join(out, output.path));
      expect(output.bytes).toBe(bytes.length);
      expect(output.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(existsSync(file('-factsheet.pdf'))).toBe(true);
  });

  describe.runIf(canRun('pdftotext'))('fact sheet (PDF)', () => {
    it('carries every quote, key figure, section heading and point', () => {
      const text = compact(pdfText(file('-factsheet.pdf')));
      for (const t of everyText) expect(text, t).toContain(compact(t));
    });

    it('is a valid A4 PDF with embedded fonts and metadata', () => {
      run('qpdf', ['--check', file('-factsheet.pdf')]);
      const info = run('pdfinfo', [file('-factsheet.pdf')]);
      expect(info).toMatch(/Title:\s+OSCE-UNODC experts/);
      expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      const fonts = run('pdffonts', [file('-factsheet.pdf')]).split('\n').slice(2).filter((l) => l.trim() !== '');
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/\+Noto|\+DejaVu/);
      for (const line of fonts) expect(line).toMatch(/yes\s+yes\s+yes/); // embedded, subset, unicode map
    });
  });

  describe.runIf(canRun('pandoc'))('briefing note (DOCX)', () => {
    it('has section headings as headings and points as bullet lists', () => {
      const doc = docxJson(file('-briefing.docx'));
      const blocks = pandocBlocks(doc.blocks);
      const headers = blocks.filter((b) => b.t === 'Header').map((b) => pandocText((b.c as unknown[])[2]));
      for (const section of sample.sections) expect(headers).toContain(section.heading);
      const bullets = blocks.filter((b) => b.t === 'BulletList').flatMap((b) => (b.c as unknown[][]).map((item) => pandocText(item).replace(/\s+/g, ' ').trim()));
      for (const point of points) expect(bullets).toContain(point);
      const numbered = blocks.filter((b) => b.t === 'OrderedList').flatMap((b) => ((b.c as unknown[])[1] as unknown[][]).map((item) => pandocText(item).replace(/\s+/g, ' ').trim()));
      for (const line of sample.talking_points) expect(numbered).toContain(plain(line));
    });

    it('carries every quote, key figure, section heading and point', () => {
      const text = compact(docxText(file('-briefing.docx')));
      for (const t of everyText) expect(text, t).toContain(compact(t));
    });
  });

  describe('slide outline (Markdown)', () => {
    it('has Marp front matter, one heading per slide and points as bullets under their slide heading', () => {
      const { front, body } = outline(file('-outline.md'));
      expect(front).toMatchObject({ marp: true, header: 'PUBLIC' });
      const slides = body.split(/\n\n---\n\n/);
      for (const slide of slides) {
        const tree = fromMarkdown(slide);
        expect(tree.children.filter((n) => n.type === 'heading'), slide).toHaveLength(1);
        const bulletLines = tree.children.filter((n) => n.type === 'list').flatMap((l) => (l.type === 'list' ? l.children : []));
        expect(bulletLines.length).toBeLessThanOrEqual(6);
      }
      for (const section of sample.sections) {
        const own = slides.filter((s) => s.startsWith(`## ${section.heading}`));
        expect(own.length, section.heading).toBeGreaterThan(0);
        const bullets = own.flatMap((s) => fromMarkdown(s).children.filter((n) => n.type === 'list').flatMap((l) => (l.type === 'list' ? l.children.map((i) => markdownText(i as Nodes).replace(/\s+/g, ' ').trim()) : [])));
        for (const point of (section.points ?? []).map(plain)) expect(bullets).toContain(point);
      }
    });

    it('carries every quote, key figure, section heading and point', () => {
      const text = compact(markdownText(outline(file('-outline.md')).tree));
      for (const t of everyText) expect(text, t).toContain(compact(t));
    });
  });

  describe('deck (PPTX)', () => {
    it('carries every quote, key figure, section heading and point, and the talking points as notes', () => {
      const { slides, notes } = pptxText(file('-slides.pptx'));
      const text = compact(slides.join(' '));
      for (const t of everyText) expect(text, t).toContain(compact(t));
      const noteText = compact(notes.join(' '));
      for (const line of sample.talking_points) expect(noteText).toContain(compact(plain(line)));
    });
  });
});
