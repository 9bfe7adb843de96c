/**
 * The sample item's briefing note (DOCX), built alone by the CLI and judged
 * by readers no one here wrote: a strict XML parser, LibreOffice, Pandoc.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { docxJson, markdownText, pandocBlocks, pandocText } from '../helpers/extract.js';
import { REPO } from '../helpers/project.js';
import { canRun, run } from '../helpers/tools.js';

const ID = 'osce-unodc-paris-pact-2024';
const SOURCE = `content/${ID}.yaml`;
const work = mkdtempSync(join(tmpdir(), 'briefkit-briefing-'));
const docx = (out: string) => join(work, out, ID, `${ID}-briefing.docx`);

interface SampleItem {
  title: string;
  marking: string;
  key_figures: { value: string; label: string }[];
  sections: { heading: string; points?: string[] }[];
  quotes: { text: string }[];
  talking_points: string[];
}
const sample = parseYaml(readFileSync(join(REPO, SOURCE), 'utf8')) as SampleItem;
const plain = (markdown: string) => markdownText(fromMarkdown(markdown)).replace(/\s+/g, ' ').trim();
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Builds the sample's briefing note alone into `work/<out>` under a time zone. */
function build(out: string, tz: string): void {
  const result = spawnSync(process.execPath, [join(REPO, 'bin/briefkit.js'), 'build', '--force', '--format', 'docx', '--out', join(work, out), SOURCE], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, TZ: tz, SOURCE_DATE_EPOCH: '' },
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

/** The XML parts of the package, as text. */
function parts(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(new Uint8Array(readFileSync(file))))) if (/\.(xml|rels)$/.test(name)) out[name] = strFromU8(data);
  return out;
}

beforeAll(() => {
  build('utc', 'UTC');
  build('kiritimati', 'Pacific/Kiritimati');
}, 120_000);

describe('the sample briefing note, built alone (--format docx)', () => {
  it('is the only output, and byte-identical when built under two time zones', () => {
    expect(readdirSync(join(work, 'utc', ID))).toEqual([`${ID}-briefing.docx`]);
    expect(readFileSync(docx('utc')).equals(readFileSync(docx('kiritimati')))).toBe(true);
  });

  it('holds no XML-illegal character in any part; the header holds the marking, the footer PAGE and NUMPAGES, core.xml the title', () => {
    const xml = parts(docx('utc'));
    for (const [name, text] of Object.entries(xml)) expect(text, name).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const headers = Object.entries(xml).filter(([n]) => /^word\/header\d+\.xml$/.test(n));
    expect(headers.length).toBeGreaterThan(0);
    for (const [, header] of headers) expect(header).toContain(`>${sample.marking}<`);
    const footer = Object.entries(xml).find(([n]) => /^word\/footer\d+\.xml$/.test(n))?.[1] ?? '';
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(xml['docProps/core.xml']).toContain(`<dc:title>${sample.title}</dc:title>`);
    expect(xml['word/styles.xml']).toContain('<w:lang w:val="en-GB"/>');
  });

  it('uses Heading 1 for every section heading, without direct formatting', () => {
    const body = parts(docx('utc'))['word/document.xml']!;
    for (const { heading } of sample.sections) {
      const escaped = heading.replace(/&/g, '&amp;');
      const paragraph = new RegExp(`<w:p>((?:(?!</w:p>).)*?>${escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</w:t>.*?)</w:p>`).exec(body)?.[1];
      expect(paragraph, heading).toBeDefined();
      expect(paragraph, heading).toMatch(/^<w:pPr><w:pStyle w:val="Heading1"\/><\/w:pPr><w:r><w:t[^>]*>/);
      expect(paragraph, heading).not.toContain('<w:rPr>');
    }
  });

  it.runIf(canRun('python3'))('re-parses every XML part with a strict parser', () => {
    const script = ['import sys, zipfile, xml.dom.minidom', 'z = zipfile.ZipFile(sys.argv[1])', 'names = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]', 'for n in names: xml.dom.minidom.parseString(z.read(n))', 'print(len(names))'].join('\n');
    expect(Number(run('python3', ['-c', script, docx('utc')]))).toBeGreaterThan(10);
  });

  describe.runIf(canRun('pandoc'))('read by pandoc', () => {
    it('shows headings as headings, points as list items, the key figures as a table and quotes as block quotes (-t markdown)', () => {
      const markdown = run('pandoc', ['-f', 'docx', '-t', 'markdown', '--wrap=none', docx('utc')]);
      const headings = [...markdown.matchAll(/^# (.+)$/gm)].map((m) => m[1]!.replace(/\\/g, ''));
      for (const { heading } of sample.sections) expect(headings).toContain(heading.replace(/’/g, "'"));
      for (const label of ['Summary', 'Key figures', 'Key quotes', 'Lines to take', 'Sources']) expect(headings).toContain(label);
      const items = [...markdown.matchAll(/^-\s+(.+)$/gm)].map((m) => m[1]!);
      for (const point of sample.sections.flatMap((s) => s.points ?? [])) expect(items).toContain(plain(point));
      const numbered = [...markdown.matchAll(/^\d+\.\s+(.+)$/gm)].map((m) => squash(m[1]!.replace(/\*\*/g, '')).replace(/'/g, '’'));
      for (const line of sample.talking_points) expect(numbered).toContain(plain(line));
      const quoted = [...markdown.matchAll(/^> (.+)$/gm)].map((m) => m[1]!).join(' ');
      for (const { text } of sample.quotes) expect(squash(quoted).replace(/'/g, '’')).toContain(squash(text));
    });

    it('reads the key figures as a two-column table whose header row holds the column labels', () => {
      const tables = pandocBlocks(docxJson(docx('utc')).blocks).filter((b) => b.t === 'Table');
      expect(tables).toHaveLength(1);
      // Table attr caption colspecs head bodies foot: the head holds the labels, the bodies every figure.
      const [, , colspecs, head, bodies] = tables[0]!.c as unknown[];
      expect(colspecs as unknown[]).toHaveLength(2);
      // A row is [attr, cells]; a cell is [attr, alignment, rowspan, colspan, blocks].
      const rowTexts = (rows: unknown): string[] => (rows as [unknown, [unknown, unknown, unknown, unknown, unknown][]][]).map(([, cells]) => cells.map((cell) => squash(pandocText(cell[4]))).join(' | '));
      expect(rowTexts((head as [unknown, unknown])[1])).toEqual(['Figure | Description']);
      const body = (bodies as [unknown, unknown, unknown, unknown][]).flatMap((b) => rowTexts(b[3]));
      expect(body).toEqual(sample.key_figures.map(({ value, label }) => `${value} | ${label}`));
    });
  });

  it.runIf(canRun('soffice'))('converts to PDF with LibreOffice (exit 0, at least one page)', () => {
    const pdfDir = join(work, 'pdf');
    const result = spawnSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, docx('utc')], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    const info = run('pdfinfo', [join(pdfDir, `${ID}-briefing.pdf`)]);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
