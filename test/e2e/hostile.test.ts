import { spawnSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { SchemaNode } from '../../src/content/index.js';
import { compact, docxText, markdownText, outline, pdfText, pptxText } from '../helpers/extract.js';
import { makePng } from '../fixtures/png.js';
import { REPO } from '../helpers/project.js';
import { canRun } from '../helpers/tools.js';

/**
 * Strings that would change structure if a renderer or the merge treated
 * plain text as Markdown, HTML, Handlebars or directives, plus characters
 * that stress fonts and quoting.
 */
const HOSTILE = ['# not a heading', '**x**', '{{title}}', '<b>', '| a |', ':::note', '[l](http://x)', '\\', '🙂', '“curly”', 'en – dash'];
const FULL = HOSTILE.join(' ');

/**
 * A hostile value that fits a field's length limit, tagged with a number so
 * each field's text can be told apart from the others' (pieces rotate so
 * short fields still get each of them somewhere).
 */
function hostileFor(max: number | undefined, salt: number): string {
  const tag = `f${salt}`;
  if (max === undefined || [...`${tag} ${FULL}`].length <= max) return `${tag} ${FULL}`;
  const out: string[] = [tag];
  for (let i = 0; i < HOSTILE.length; i++) {
    const piece = HOSTILE[(i + salt) % HOSTILE.length]!;
    if ([...[...out, piece].join(' ')].length <= max) out.push(piece);
  }
  return out.join(' ');
}

const isPlain = (s: SchemaNode) => s.type === 'string' && s.contentMediaType === undefined && s.format === undefined && s.pattern === undefined;

/**
 * Builds a valid item from the schema with every plain string field filled
 * with hostile text; records which value went where.
 */
function hostileItem(schema: SchemaNode): { item: Record<string, unknown>; values: Map<string, string> } {
  const values = new Map<string, string>();
  let salt = 0;
  const fill = (node: SchemaNode, path: string): unknown => {
    if (node.type === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(node.properties ?? {})) {
        const value = fill(sub, path ? `${path}.${key}` : key);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    if (node.type === 'array') return (path === 'figures' ? [0] : [0, 1]).map((i) => fill(node.items!, `${path}[${i}]`)).filter((v) => v !== undefined);
    if (isPlain(node)) {
      const value = hostileFor(node.maxLength as number | undefined, salt++);
      values.set(path, value);
      return value;
    }
    return undefined;
  };
  const item = fill(schema, '') as Record<string, unknown>;
  // Fields that are not plain text get ordinary valid values.
  delete item.template;
  values.delete('template');
  Object.assign(item, {
    id: 'hostile',
    lang: 'en',
    date: '2024-04-17',
    summary: 'A normal **summary**.',
    talking_points: ['A normal point.'],
    contact: { ...(item.contact as object), email: 'press@example.org', url: 'https://example.org/' },
  });
  item.sections = (item.sections as Record<string, unknown>[]).map((s) => ({ ...s, body: 'Body text.', points: ['Point one'] }));
  item.figures = (item.figures as Record<string, unknown>[]).map((f) => ({ ...f, src: 'chart.png' }));
  for (const path of [...values.keys()]) if (/^figures\[\d+\]\.src$/.test(path)) values.delete(path);
  item.sources = (item.sources as Record<string, unknown>[]).map((s) => ({ ...s, url: 'https://example.org/source', date: '2024-04-17' }));
  return { item, values };
}

const schema = JSON.parse(readFileSync(join(REPO, 'templates/brief/schema.json'), 'utf8')) as SchemaNode;
const { item, values } = hostileItem(schema);
const project = mkdtempSync(join(tmpdir(), 'briefkit-hostile-'));
const base = join(project, 'out', 'hostile', 'hostile');

beforeAll(() => {
  mkdirSync(join(project, 'content'), { recursive: true });
  writeFileSync(join(project, 'content', 'hostile.yaml'), stringify(item));
  writeFileSync(join(project, 'content', 'chart.png'), makePng());
  const result = spawnSync(process.execPath, [join(REPO, 'bin/briefkit.js'), 'build'], { cwd: project, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 120_000);

/** Fields each output shows (contract §2); prepared_for/by only in the briefing note. */
const shownIn = (path: string, output: 'pdf' | 'docx' | 'outline' | 'pptx') => {
  if (/^prepared_(for|by)$/.test(path)) return output === 'docx';
  if (/^figures\[\d+\]\.alt$/.test(path)) return output === 'docx' || output === 'outline';
  return true;
};

describe('hostile plain text: every plain field of the schema filled with Markdown, HTML, Handlebars and directive syntax', () => {
  it('covers every plain field of the schema', () => {
    expect([...values.keys()]).toEqual(expect.arrayContaining(['title', 'subtitle', 'location', 'marking', 'organizations[0]', 'key_figures[0].value', 'key_figures[0].label', 'sections[0].heading', 'quotes[0].text', 'quotes[0].speaker', 'quotes[0].role', 'figures[0].alt', 'figures[0].caption', 'sources[0].title', 'sources[0].publisher', 'contact.name', 'contact.phone', 'prepared_for', 'prepared_by']));
    for (const piece of HOSTILE) expect([...values.values()].some((v) => v.includes(piece))).toBe(true);
  });

  const check = (output: 'pdf' | 'docx' | 'outline' | 'pptx', text: string) => {
    const haystack = compact(text);
    for (const [path, value] of values) if (shownIn(path, output)) expect(haystack, `${output}: ${path}`).toContain(compact(value));
    for (const piece of HOSTILE) expect(haystack, `${output}: ${piece}`).toContain(compact(piece));
  };

  it.runIf(canRun('pdftotext'))('appears literally in the fact sheet (PDF)', () => check('pdf', pdfText(`${base}-factsheet.pdf`)));

  it.runIf(canRun('pandoc'))('appears literally in the briefing note (DOCX)', () => {
    check('docx', `${docxText(`${base}-briefing.docx`)} ${altTexts(`${base}-briefing.docx`)} ${docxHeaderText(`${base}-briefing.docx`)}`);
  });

  it('appears literally in the outline (Markdown), front matter included', () => {
    const { front, tree } = outline(`${base}-outline.md`);
    // Marp reads the `header` directive as Markdown, so it is escaped there; read it the way Marp does.
    check('outline', `${markdownText(tree)} ${markdownText(fromMarkdown(String(front.header)))} ${String(front.title)}`);
  });

  it('appears literally in the deck (PPTX)', () => {
    const { slides, notes, masters } = pptxText(`${base}-slides.pptx`);
    check('pptx', `${slides.join(' ')} ${notes.join(' ')} ${masters.join(' ')}`);
  });
});

/** The text of a DOCX's page headers (where the marking is). */
function docxHeaderText(file: string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.keys(parts)
    .filter((name) => /^word\/header\d*\.xml$/.test(name))
    .map((name) => [...strFromU8(parts[name]!).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1]!)).join(''))
    .join(' ');
}

function decodeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The alt texts (`descr`) of a DOCX's pictures. */
function altTexts(file: string): string {
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['word/document.xml']!);
  return [...xml.matchAll(/descr="([^"]*)"/g)].map((m) => decodeXml(m[1]!)).join(' ');
}
