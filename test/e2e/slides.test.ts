/**
 * The outline and the deck, built by the CLI and judged from outside:
 * Pandoc turns the outline into a deck, LibreOffice Impress lays out both
 * decks, and the slide counts must agree — for the sample item and for a
 * generated item with 12 sections of 9 points.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml, parse as parseYaml } from 'yaml';
import { compact, markdownText, outline, pptxText } from '../helpers/extract.js';
import { REPO } from '../helpers/project.js';
import { canRun, run } from '../helpers/tools.js';

const BIN = join(REPO, 'bin/briefkit.js');
const SAMPLE = 'osce-unodc-paris-pact-2024';
const work = mkdtempSync(join(tmpdir(), 'briefkit-slides-'));

/** Runs the CLI in `cwd`; fails the test on a non-zero exit. */
function briefkit(cwd: string, args: string[]): void {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

/** The slides of an outline (the blocks between `---` lines after the front matter). */
function outlineSlides(file: string): string[] {
  return outline(file).body.split(/\n\n---\n\n/);
}

/** The slide parts of a .pptx, in order. */
function pptxSlides(file: string): string[] {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.keys(parts)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]))
    .map((n) => strFromU8(parts[n]!));
}

/** Pages of a deck laid out by LibreOffice Impress. */
function libreOfficePages(deck: string, dir: string): number {
  mkdirSync(dir, { recursive: true });
  const result = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, deck], { encoding: 'utf8', timeout: 120_000 });
  expect(result.status, result.stderr).toBe(0);
  const pdf = join(dir, deck.split('/').pop()!.replace(/\.[^.]+$/, '.pdf'));
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1]);
}

const plain = (markdown: string) => markdownText(fromMarkdown(markdown)).replace(/\s+/g, ' ').trim();

/** A generated item: 12 sections of 9 points each, with figures, quotes and talking points. */
const generated = {
  title: 'Generated item with twelve long sections',
  date: '2025-03-04',
  lang: 'en',
  marking: 'PUBLIC',
  summary: 'A generated item that checks how long sections split across slides.',
  key_figures: Array.from({ length: 6 }, (_, i) => ({ value: `${(i + 1) * 11}`, label: `generated figure ${i + 1}` })),
  sections: Array.from({ length: 12 }, (_, s) => ({
    heading: `Section ${s + 1}`,
    points: Array.from({ length: 9 }, (_, p) => `point ${p + 1} of section ${s + 1}, short enough for one line`),
  })),
  quotes: [{ text: 'A short generated quotation.', speaker: 'A. Speaker', role: 'Role' }],
  talking_points: ['The first generated line to take.', 'The second generated line to take.'],
  sources: [{ title: 'Generated source', url: 'https://example.org/source' }],
};

const cases = [
  { name: 'the sample item', dir: REPO, source: `content/${SAMPLE}.yaml`, id: SAMPLE },
  { name: 'a generated item with 12 sections of 9 points', dir: join(work, 'generated'), source: 'content/generated.yaml', id: 'generated' },
];

beforeAll(() => {
  mkdirSync(join(work, 'generated', 'content'), { recursive: true });
  writeFileSync(join(work, 'generated', 'content', 'generated.yaml'), toYaml(generated));
  for (const c of cases) {
    briefkit(c.dir, ['build', '--force', '--format', 'outline', '--out', join(work, c.id, 'outline'), c.source]);
    briefkit(c.dir, ['build', '--force', '--format', 'pptx', '--out', join(work, c.id, 'pptx'), c.source]);
    briefkit(c.dir, ['build', '--force', '--format', 'outline', '--outline-flavor', 'pandoc', '--out', join(work, c.id, 'pandoc'), c.source]);
  }
}, 120_000);

for (const c of cases) {
  describe(c.name, () => {
    const md = () => join(work, c.id, 'outline', c.id, `${c.id}-outline.md`);
    const pptx = () => join(work, c.id, 'pptx', c.id, `${c.id}-slides.pptx`);

    it('builds the outline alone with --format outline and the deck alone with --format pptx', () => {
      expect(readdirSync(join(work, c.id, 'outline', c.id))).toEqual([`${c.id}-outline.md`]);
      expect(readdirSync(join(work, c.id, 'pptx', c.id))).toEqual([`${c.id}-slides.pptx`]);
    });

    it('has as many slides in the .pptx as in the outline, none with more than 6 bullets', () => {
      const slides = outlineSlides(md());
      expect(pptxSlides(pptx())).toHaveLength(slides.length);
      for (const slide of slides) {
        const items = fromMarkdown(slide).children.flatMap((n) => (n.type === 'list' ? n.children : []));
        expect(items.length, slide).toBeLessThanOrEqual(6);
      }
      for (const xml of pptxSlides(pptx())) expect((xml.match(/<a:bu(Char|AutoNum)\b/g) ?? []).length).toBeLessThanOrEqual(6);
    });

    it('shows every heading, key figure, point and quote in the deck, and says the talking points in the notes', () => {
      const item = parseYaml(readFileSync(join(c.dir, c.source), 'utf8')) as typeof generated;
      const { slides, notes } = pptxText(pptx());
      const shown = compact(slides.join(' '));
      const texts = [
        ...item.sections.flatMap((s) => [s.heading, ...(s.points ?? []).map(plain)]),
        ...(item.key_figures ?? []).flatMap((k) => [k.value, k.label]),
        ...(item.quotes ?? []).flatMap((q) => [q.text, q.speaker]),
      ];
      for (const text of texts) expect(shown, text).toContain(compact(text));
      const said = compact(notes.join(' '));
      for (const line of item.talking_points) expect(said).toContain(compact(plain(line)));
    });

    it('keeps the notes in the Pandoc flavour as ::: notes blocks', () => {
      const pandocFlavour = readFileSync(join(work, c.id, 'pandoc', c.id, `${c.id}-outline.md`), 'utf8');
      expect(pandocFlavour).toContain('::: notes');
      expect(pandocFlavour.split(/\n\n---\n\n/)).toHaveLength(outlineSlides(md()).length);
    });

    it.runIf(canRun('pandoc') && canRun('soffice'))(
      'converts with Pandoc (one page per outline slide plus its title slide) and LibreOffice (one page per outline slide)',
      () => {
        const slides = outlineSlides(md()).length;
        const fromPandoc = join(work, c.id, 'pandoc-deck.pptx');
        run('pandoc', [md(), '-o', fromPandoc]);
        expect(libreOfficePages(fromPandoc, join(work, c.id, 'lo-pandoc'))).toBe(slides + 1);
        expect(libreOfficePages(pptx(), join(work, c.id, 'lo-briefkit'))).toBe(slides);
        // Pandoc keeps the notes of the Pandoc flavour.
        const withNotes = join(work, c.id, 'pandoc-notes.pptx');
        run('pandoc', [join(work, c.id, 'pandoc', c.id, `${c.id}-outline.md`), '-o', withNotes]);
        const noteParts = Object.keys(unzipSync(new Uint8Array(readFileSync(withNotes)))).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
        expect(noteParts.length).toBeGreaterThan(0);
      },
      240_000,
    );
  });
}
