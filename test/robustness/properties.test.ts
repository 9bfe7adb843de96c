import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { build, createProject, prepareItem, type Project } from '../../src/build/index.js';
import { templateSearchPath } from '../../src/cli/main.js';
import { normalizeText } from '../../src/content/index.js';
import { createNodeEnv, type Env } from '../../src/env/index.js';
import type { OutputFormat } from '../../src/template/index.js';
import { compact, markdownText, outline as outlineOf, pptxText } from '../helpers/extract.js';
import { memoryProject } from '../helpers/project.js';
import { canRun, run } from '../helpers/tools.js';
import { seedFor } from '../helpers/seed.js';


/** Code point ranges of many scripts (and the ASCII punctuation Markdown, HTML and Handlebars care about). */
const SCRIPTS: [number, number][] = [
  [0x21, 0x7e], // ASCII letters, digits, punctuation
  [0xc0, 0x17f], // Latin-1 and Latin Extended-A
  [0x391, 0x3c9], // Greek
  [0x410, 0x44f], // Cyrillic
  [0x5d0, 0x5ea], // Hebrew
  [0x621, 0x64a], // Arabic
  [0x905, 0x939], // Devanagari
  [0x1f600, 0x1f64f], // emoji
  [0x2013, 0x2014], // dashes
];

const charOf = (scripts: readonly [number, number][]) => fc.oneof(...scripts.map(([lo, hi]) => fc.integer({ min: lo, max: hi }).map((cp) => String.fromCodePoint(cp))), fc.constant(' '), fc.constant('e\u0301'));

/** A plain string of `min`–`max` code points that is not blank and has no surrounding white space. */
const plainOf = (char: fc.Arbitrary<string>) => (max = 40, min = 1) =>
  fc
    .array(char, { minLength: min, maxLength: Math.max(min, Math.min(max, 60)) })
    .map((chars) => {
      let s = '';
      for (const c of chars) if ([...`${s}${c}`].length <= max) s += c;
      return s.replace(/\s+/g, ' ').trim();
    })
    .filter((s) => s.length > 0 && [...s].length <= max);

/** Hebrew and Arabic letters. */
const RTL = /[\u0590-\u05ff\u0600-\u06ff]/;

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A random valid item of the `brief` set: random lengths, scripts and optional fields. */
const itemOf = (plain: ReturnType<typeof plainOf>) => fc.record(
  {
    title: plain(200),
    subtitle: optional(plain(300)),
    location: optional(plain()),
    organizations: optional(fc.array(plain(30), { maxLength: 3 })),
    marking: optional(plain(60)),
    key_figures: optional(fc.array(fc.record({ value: plain(16), label: plain(120) }), { maxLength: 4 })),
    sections: optional(fc.array(fc.record({ heading: plain(60), points: fc.array(fc.constantFrom('A point.', 'Another *point*.'), { minLength: 1, maxLength: 3 }) }), { maxLength: 3 })),
    quotes: optional(fc.array(fc.record({ text: plain(80).filter((s) => !/^["'“”„«‘’‹»]/u.test(s)), speaker: plain(30), role: optional(plain(30)) }, { requiredKeys: ['text', 'speaker'] }), { maxLength: 2 })),
    prepared_for: optional(plain(40)),
    prepared_by: optional(plain(40)),
  },
  { requiredKeys: ['title'] },
);

const itemArb = itemOf(plainOf(charOf(SCRIPTS)));
/** Items whose text is all left to right in three of four cases: the PDF check compares those string by string. */
const pdfItemArb = fc.oneof({ arbitrary: itemOf(plainOf(charOf(SCRIPTS.filter(([lo]) => !RTL.test(String.fromCodePoint(lo)))))), weight: 3 }, { arbitrary: itemArb, weight: 1 });

type RandomItem = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;

/** Every plain string of an item with whether the PDF shows it (the briefing note shows them all). */
function plainStrings(item: RandomItem): { value: string; inPdf: boolean }[] {
  const out: { value: string; inPdf: boolean }[] = [];
  const add = (value: string | undefined, inPdf = true) => value !== undefined && out.push({ value, inPdf });
  add(item.title);
  add(item.subtitle);
  add(item.location);
  item.organizations?.forEach((o) => add(o));
  add(item.marking);
  item.key_figures?.forEach((k) => (add(k.value), add(k.label)));
  item.sections?.forEach((s) => add(s.heading));
  item.quotes?.forEach((q) => (add(q.text), add(q.speaker), add(q.role)));
  add(item.prepared_for, false);
  add(item.prepared_by, false);
  return out;
}

function contentOf(item: RandomItem): string {
  return JSON.stringify({ ...item, id: 'random', date: '2024-04-17', summary: 'A summary.' });
}

/** All text of a DOCX: body, headers and footers, run by run, joined. */
function docxText(file: string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
  return Object.keys(parts)
    .filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n))
    .map((n) => [...strFromU8(parts[n]!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .join(' ');
}

/** A temp project on disk and a build of its one item, in this thread. */
function diskRunner() {
  const dir = mkdtempSync(join(tmpdir(), 'briefkit-prop-'));
  mkdirSync(join(dir, 'content'));
  const project: Project = createProject(createNodeEnv(dir), templateSearchPath(dir));
  return {
    dir,
    async build(item: RandomItem, formats: OutputFormat[]) {
      writeFileSync(join(dir, 'content/random.json'), contentOf(item));
      const report = await build(project, { cwd: dir, paths: [], outDir: join(dir, 'out'), formats, force: true, render: { outlineFlavor: 'marp' }, jobs: 1 });
      return report;
    },
  };
}

describe('property: random valid items always build, and every plain string is in the outputs', () => {
  // Outline + DOCX here; PDF + PPTX below (pdftotext per run).
  it('outline and DOCX: 200 random items', async () => {
    const runner = diskRunner();
    const seed = seedFor('outline+docx');
    await fc.assert(
      fc.asyncProperty(itemArb, async (item) => {
        const report = await runner.build(item, ['docx', 'outline']);
        expect(report.errors).toEqual([]);
        expect(report.exitCode).toBe(0);
        const docx = compact(docxText(join(runner.dir, 'out/random/random-briefing.docx')));
        const outline = readFileSync(join(runner.dir, 'out/random/random-outline.md'), 'utf8');
        for (const { value } of plainStrings(item)) {
          expect(docx, `DOCX lacks ${JSON.stringify(value)}`).toContain(compact(normalizeText(value).text));
        }
        expect(outline).not.toContain('\ufffd');
        const parsed = outlineOf(join(runner.dir, 'out/random/random-outline.md'));
        const outlineText = compact(`${markdownText(parsed.tree)} ${markdownText(fromMarkdown(String(parsed.front.header ?? '')))}`);
        for (const { value, inPdf } of plainStrings(item)) if (inPdf) expect(outlineText, `outline lacks ${JSON.stringify(value)}`).toContain(compact(normalizeText(value).text));
      }),
      { numRuns: 200, seed, endOnFailure: true },
    );
  }, 600_000);

  it.runIf(canRun('pdftotext'))('PDF and PPTX: 200 random items (pdftotext per run)', async () => {
    const runner = diskRunner();
    const seed = seedFor('pdf+pptx');
    let items = 0;
    let byString = 0;
    await fc.assert(
      fc.asyncProperty(pdfItemArb, async (item) => {
        items++;
        const report = await runner.build(item, ['pdf', 'pptx']);
        expect(report.errors).toEqual([]);
        expect(report.exitCode).toBe(0);
        // pdftotext wraps right-to-left runs in U+202B…U+202C and reorders them around neutrals; drop the marks.
        // pdftotext also drops a hyphen-minus that ends a line (it takes it for hyphenation): compare without them.
        const text = compact(run('pdftotext', ['-enc', 'UTF-8', join(runner.dir, 'out/random/random-factsheet.pdf'), '-']).normalize('NFC')).replace(/[\u202a-\u202e-]/g, '');
        expect(text).not.toContain('\ufffd');
        const deck = pptxText(join(runner.dir, 'out/random/random-slides.pptx'));
        const deckText = compact([...deck.slides, ...deck.notes, ...deck.masters].join(' '));
        for (const { value, inPdf } of plainStrings(item)) if (inPdf) expect(deckText, `PPTX lacks ${JSON.stringify(value)}`).toContain(compact(normalizeText(value).text));
        // Right-to-left letters are drawn in visual order; pdftotext's reconstruction of the logical order of a
        // line that mixes directions is its own guess (it moves neighbouring left-to-right text too). So an item
        // with any RTL text is checked character by character, one without it string by string.
        const values = plainStrings(item).filter((v) => v.inPdf).map((v) => compact(normalizeText(v.value).text.normalize('NFC')).replace(/-/g, '')).filter((v) => v !== '');
        const mixed = values.some((v) => RTL.test(v));
        if (!mixed) byString++;
        // In such lines pdftotext may also attach a combining mark to a neighbouring letter: compare base letters.
        const bases = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '');
        // A combining mark next to a glyph of another font (an emoji, Devanagari) can also come out as a
        // word of its own, though it is drawn on its letter: compare the base letters in order, and the marks
        // by count.
        const marks = (t: string) => t.normalize('NFD').match(/\p{M}/gu) ?? [];
        const textMarks = marks(text);
        for (const expected of values) {
          if (!mixed) expect(bases(text), `PDF lacks ${JSON.stringify(expected)}`).toContain(bases(expected));
          else for (const ch of bases(expected)) expect(bases(text), `PDF lacks ${JSON.stringify(ch)} of ${JSON.stringify(expected)}`).toContain(ch);
          for (const mark of new Set(marks(expected))) {
            expect(textMarks.filter((m) => m === mark).length, `PDF lacks U+${mark.codePointAt(0)!.toString(16)} of ${JSON.stringify(expected)}`).toBeGreaterThanOrEqual(marks(expected).filter((m) => m === mark).length);
          }
        }
      }),
      { numRuns: 200, seed, endOnFailure: true },
    );
    // Most items are compared string by string (an item with any RTL text only character by character).
    expect(byString).toBeGreaterThan(items / 2);
  }, 600_000);
});

describe('renderer regressions found by the properties', () => {
  // A glyph shared by two Devanagari characters gets one ToUnicode entry, so इ (U+0907) next to ई
  // extracted as ई until such runs got /ActualText.
  it.runIf(canRun('pdftotext'))('PDF: Devanagari इ and ई both extract as themselves', async () => {
    const runner = diskRunner();
    const report = await runner.build({ title: 'Devanagari ई and इ', organizations: ['а इ–😆'] }, ['pdf']);
    expect(report.exitCode).toBe(0);
    const text = compact(run('pdftotext', ['-enc', 'UTF-8', join(runner.dir, 'out/random/random-factsheet.pdf'), '-']));
    expect(text).toContain('Devanagariईandइ');
    expect(text).toContain('аइ–😆');
  });

  // The same glyph twice in one run (Noto Sans draws ई as इ's glyph plus a mark): found by the
  // 200-run property with the location `éYؿईъइ Е`.
  it.runIf(canRun('pdftotext'))('PDF: ई and इ in one run of text extract as themselves', async () => {
    const runner = diskRunner();
    const report = await runner.build({ title: 'T', location: 'ईъइ Е' }, ['pdf']);
    expect(report.exitCode).toBe(0);
    const text = compact(run('pdftotext', ['-enc', 'UTF-8', join(runner.dir, 'out/random/random-factsheet.pdf'), '-']));
    expect(text).toContain('ईъइЕ');
  });
});

/** An Env that reads `bytes` at `path` (both ways an Env reads: the build reads content files with readFileSync where it can). */
function withFile(env: Env, path: string, bytes: Uint8Array): Env {
  const readFileSync = env.readFileSync;
  return {
    ...env,
    readFile: async (p: string) => (p === path ? bytes : env.readFile(p)),
    ...(readFileSync ? { readFileSync: (p: string) => (p === path ? bytes : readFileSync(p)) } : {}),
  };
}

describe('property: random bytes as a content file always give an error diagnostic, never a crash', () => {
  const project = memoryProject({});
  it('600 random byte strings and 600 mutated valid files, in .yaml, .json and .md', async () => {
    const seed = seedFor('random bytes');
    const valid = new TextEncoder().encode('title: T\ndate: 2024-04-17\nsummary: S\nkey_figures:\n  - { value: "1", label: one }\n');
    const mutated = fc
      .tuple(fc.array(fc.tuple(fc.nat(valid.length), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }))
      .map(([edits]) => {
        const bytes = new Uint8Array(valid);
        for (const [at, b] of edits) bytes[Math.min(at, bytes.length - 1)] = b;
        return bytes;
      });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), fc.constantFrom('yaml', 'json', 'md'), async (bytes, ext) => {
        const file = `content/r${n++}.${ext}`;
        const own = memoryProjectWith(file, bytes);
        const result = await prepareItem(own, file);
        if (result.ok) {
          // Only a mutation can stay valid (a changed letter inside a value); it must be the valid item's shape.
          expect(result.prepared.item.data.title).toBeDefined();
          return;
        }
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.severity).toBe('error');
          expect(d.file.length).toBeGreaterThan(0);
          expect(typeof d.message).toBe('string');
        }
        expect(result.diagnostics.some((d) => d.file === file)).toBe(true);
        // The bytes were read and judged, not missed.
        expect(result.diagnostics.some((d) => d.code === 'read')).toBe(false);
      }),
      { numRuns: 1200, seed, endOnFailure: true },
    );

    function memoryProjectWith(file: string, bytes: Uint8Array): Project {
      const shared = project;
      return { ...shared, env: withFile(shared.env, `${shared.env.root}/${file}`, bytes) };
    }
  }, 600_000);

  it('pure random bytes are never taken for a valid item', async () => {
    const seed = seedFor('pure random bytes');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('yaml', 'json', 'md'), async (bytes, ext) => {
        const file = `content/x.${ext}`;
        const env = withFile(project.env, `${project.env.root}/${file}`, bytes);
        const result = await prepareItem({ ...project, env }, file);
        expect(result.ok).toBe(false);
        // The bytes were read and judged, not missed.
        if (!result.ok) expect(result.diagnostics.some((d) => d.code === 'read')).toBe(false);
      }),
      { numRuns: 500, seed, endOnFailure: true },
    );
  }, 600_000);
});
