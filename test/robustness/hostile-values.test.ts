import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Html } from 'mdast';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeText, PLACEHOLDER } from '../../src/content/index.js';
import { compact, pdfWords } from '../helpers/extract.js';
import { canRun, run } from '../helpers/tools.js';
import { briefkit, expectNoStack, expectOutputMatchesManifest, tempProject, xmlFault, type CliRun } from './helpers.js';

const word = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

/** An item whose plain fields hold every kind of hostile character (JSON, so lone surrogates can be written). */
const HOSTILE = {
  title: 'Control \u0001\u0007\u001b[31m red \u007f\u0085 end \ufffe \uffff',
  subtitle: 'Bidi \u202eevil\u202c and \u2066iso\u2069 zero\u200bwidth',
  date: '2024-04-17',
  location: 'Lone \ud800 high and \udfff low surrogate',
  organizations: ['Emoji 🙂 👨‍👩‍👧 🇺🇳', 'Combining e\u0301 n\u0303 Z\u0324\u0354\u0367\u0311\u0313a\u0308\u0356\u032d', 'مرحبا بالعالم', 'שלום עולם', 'Devanagari हिन्दी'],
  marking: 'PUBLIC\tTAB',
  summary: 'A normal summary with a control \u0002 char and \u202e bidi.',
  key_figures: [{ value: 'WWWWWWWWWWWWWWWW', label: word('Unbreakable', 120) }],
  sections: [{ heading: word('Supercalifragilistic', 500), points: ['A point'] }],
  quotes: [{ text: 'Quote with --> and <!-- and \u0000 NUL', speaker: word('Speaker', 500), role: 'Role' }],
  talking_points: ['A point with --> inside that must stay in the notes', 'Another <!-- point --> end'],
  prepared_for: 'Backslash \\ and `code` and {{title}} and :::note',
  prepared_by: 'Unit',
};

/** A one-megabyte plain string (words) and a 100 kB word with no space at all. */
const HUGE = {
  title: 'Huge',
  date: '2024-04-17',
  summary: 'S',
  location: word('lorem ipsum dolor sit amet ', 1_048_576),
  subtitle: 'fine',
  prepared_by: word('Nospace', 100_000),
  sections: [{ heading: 'H', points: ['p'] }],
};

/** Lone surrogates cannot survive JSON.stringify as text: write them as escapes, as a user would. */
const json = (value: unknown) => JSON.stringify(value, null, 2);

let dir = '';
let result: CliRun;

beforeAll(() => {
  dir = tempProject({ 'content/hostile.json': json(HOSTILE), 'content/huge.json': json(HUGE) });
  result = briefkit(dir, ['build', '--jobs', '1']);
}, 300_000);

const out = (file: string) => join(dir, 'out', file);
const parts = (file: string) => unzipSync(new Uint8Array(readFileSync(out(file))));

describe('the text policy (content stage, before any renderer)', () => {
  it('replaces controls, noncharacters and lone surrogates by □, keeps tab, newline and invisible bidi/zero-width (reported), and is idempotent', () => {
    const input = 'a\u0000b\u0007c\u001b[1md\u007f\u0085\ufffe\uffff\udfff\ud800\u{1FFFE}\te\r\nf\u2028g\u202eh\u200bi👨‍👩‍👧';
    const once = normalizeText(input);
    expect(once.text).toBe(`a□b□c□[1md□□□□□□□\te\nf\ng\u202eh\u200bi👨‍👩‍👧`);
    expect(once.replaced).toEqual(['U+0000', 'U+0007', 'U+001B', 'U+007F', 'U+0085', 'U+FFFE', 'U+FFFF', 'U+DFFF', 'U+D800', 'U+1FFFE']);
    expect(once.invisible).toEqual(['U+202E', 'U+200B']);
    expect(normalizeText(once.text).text).toBe(once.text);
    expect(once.text).not.toContain('\ufffd');
    expect(PLACEHOLDER).toBe('□');
  });
});

describe('hostile values in plain fields, through the CLI', () => {
  it('builds both items (warnings only), exit 0, no stack trace, out/ = manifest', () => {
    expectNoStack(result.stderr);
    expect(result.code).toBe(0);
    const manifest = expectOutputMatchesManifest(join(dir, 'out'));
    expect(manifest.items.map((i) => [i.id, i.status, i.outputs.length])).toEqual([
      ['hostile', 'built', 4],
      ['huge', 'built', 4],
    ]);
  });

  it('warns with file:line:col and field for every replaced or invisible character', () => {
    const lines = result.stderr.split('\n');
    for (const expected of [
      'content/hostile.json:2:12 title: warning: 7 characters (U+0001, U+0007, U+001B, U+007F, U+0085, …) that cannot be shown as text replaced by □',
      'content/hostile.json:3:15 subtitle: warning: 5 characters (U+202E, U+202C, U+2066, U+2069, U+200B) invisible bidi or zero-width: the text may read differently from what it holds',
      'content/hostile.json:5:15 location: warning: 2 characters (U+D800, U+DFFF) that cannot be shown as text replaced by □',
      'content/hostile.json:14:14 summary: warning: 1 character (U+0002) that cannot be shown as text replaced by □',
      'content/hostile.json:14:14 summary: warning: 1 character (U+202E) invisible bidi or zero-width: the text may read differently from what it holds',
      'content/hostile.json:31:15 quotes[0].text: warning: 1 character (U+0000) that cannot be shown as text replaced by □',
    ]) {
      expect(lines).toContain(expected);
    }
    // stderr itself never carries a raw control or bidi character.
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('every XML part of the DOCX and the PPTX is well-formed XML 1.0, with no U+FFFD', () => {
    for (const file of ['hostile/hostile-briefing.docx', 'hostile/hostile-slides.pptx', 'huge/huge-briefing.docx', 'huge/huge-slides.pptx']) {
      for (const [name, bytes] of Object.entries(parts(file))) {
        if (!/\.(xml|rels)$/.test(name)) continue;
        const xml = strFromU8(bytes);
        expect(xmlFault(xml), `${file} ${name}`).toBeUndefined();
        expect(xml.includes('\ufffd'), `${file} ${name}: U+FFFD`).toBe(false);
      }
    }
  });

  it('the DOCX and PPTX hold every normalised value (□ where a character was not text)', () => {
    const docx = strFromU8(parts('hostile/hostile-briefing.docx')['word/document.xml']!);
    const text = (xml: string) => [...xml.matchAll(/<(?:w|a):t(?: [^>]*)?>([^<]*)<\/(?:w|a):t>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).join('');
    const docxText = compact(text(docx));
    const pptxText = compact(Object.entries(parts('hostile/hostile-slides.pptx')).filter(([n]) => /^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(n)).map(([, b]) => text(strFromU8(b))).join(''));
    const n = (s: string) => compact(normalizeText(s).text);
    for (const value of [HOSTILE.title, HOSTILE.subtitle, HOSTILE.location, ...HOSTILE.organizations, HOSTILE.key_figures[0]!.label, HOSTILE.sections[0]!.heading, HOSTILE.quotes[0]!.text, HOSTILE.quotes[0]!.speaker, HOSTILE.prepared_for]) {
      expect(docxText, value.slice(0, 30)).toContain(n(value));
    }
    for (const value of [HOSTILE.title, HOSTILE.subtitle, HOSTILE.location, ...HOSTILE.organizations, HOSTILE.sections[0]!.heading, HOSTILE.quotes[0]!.text]) {
      expect(pptxText, value.slice(0, 30)).toContain(n(value));
    }
  });

  it('`-->` in a talking point never ends a slide note early; the outline has no U+FFFD and no raw control character', () => {
    const outline = readFileSync(out('hostile/hostile-outline.md'), 'utf8');
    expect(outline).not.toContain('\ufffd');
    expect(outline).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const body = outline.slice(outline.indexOf('\n---\n', 4) + 5);
    const comments = fromMarkdown(body).children.filter((node): node is Html => node.type === 'html' && node.value.startsWith('<!--'));
    const notes = comments.map((c) => c.value).join('\n');
    // Whatever escaping the writer chose, each point's words are inside one comment, and nothing after it leaked out.
    expect(notes).toMatch(/A point with .* inside that must stay in the notes/);
    expect(notes).toMatch(/Another .*point.* end/);
    for (const c of comments) expect(c.value.endsWith('-->')).toBe(true);
    for (const c of comments) expect(c.value.slice(4, -3)).not.toMatch(/-->|--!>/);
  });

  it.runIf(canRun('pdftotext'))('the fact sheets draw every word inside the page, show the values, and carry no U+FFFD', () => {
    for (const id of ['hostile', 'huge']) {
      const file = out(`${id}/${id}-factsheet.pdf`);
      const html = run('pdftotext', ['-bbox', file, '-']);
      const { pages, words } = pdfWords(html);
      for (const { page: at, xMin: x0, yMin: y0, xMax: x1, yMax: y1 } of words) {
        const page = pages[at - 1]!;
        expect(x0 >= 0 && y0 >= 0 && x1 <= page.width + 0.5 && y1 <= page.height + 0.5, `${id}: a word at ${x0},${y0}–${x1},${y1} outside the ${page.width}×${page.height} page`).toBe(true);
      }
      expect(words.length).toBeGreaterThan(10);
      const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
      expect(text.includes('\ufffd'), `${id}: U+FFFD`).toBe(false);
      if (id === 'hostile') {
        for (const value of [HOSTILE.title, HOSTILE.location, HOSTILE.organizations[0]!, HOSTILE.sections[0]!.heading, HOSTILE.quotes[0]!.speaker]) expect(compact(text), value.slice(0, 30)).toContain(compact(normalizeText(value).text));
      }
    }
  });

  it.runIf(canRun('qpdf'))('the fact sheets pass qpdf --check', () => {
    for (const id of ['hostile', 'huge']) expect(run('qpdf', ['--check', out(`${id}/${id}-factsheet.pdf`)])).toContain('No syntax or stream encoding errors');
  });
});
