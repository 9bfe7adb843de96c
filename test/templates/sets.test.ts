import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createNodeEnv } from '../../src/env/index.js';
import { templateSearchPath } from '../../src/cli/main.js';
import { loadTemplateSet } from '../../src/template/index.js';
import { contentReference, type ReferenceSchema } from '../../src/template/reference.js';
import { REPO } from '../helpers/project.js';
import { parseSource, plainText } from '../../src/doc/index.js';
import { canRun, run } from '../helpers/tools.js';

const BIN = join(REPO, 'bin/briefkit.js');

function briefkit(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1735689600' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text of every XML part of a DOCX or PPTX matching `pattern`, joined. */
function zipText(file: string, pattern: RegExp): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  return Object.keys(parts)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => strFromU8(parts[name]!).replace(/<[^>]+>/g, ' '))
    .join('\n');
}

const hasPdftotext = canRun('pdftotext');

describe('a set that extends brief (examples/templates/ministry)', () => {
  const out = mkdtempSync(join(tmpdir(), 'briefkit-ministry-'));
  const id = 'ministry-precursor-workshop';
  const built = briefkit(join(REPO, 'examples'), ['build', '--force', '--out', out, `content/${id}.yaml`]);
  const file = (suffix: string) => join(out, id, `${id}-${suffix}`);

  it('builds all four outputs', () => {
    expect(built.code, built.stdout + built.stderr).toBe(0);
  });

  it('shows its extra schema field (reference) in every output, through its own partial and helper', () => {
    expect(readFileSync(file('outline.md'), 'utf8')).toContain('Ref. MIN/2025/014');
    expect(zipText(file('briefing.docx'), /^word\/document\.xml$/)).toContain('Ref. MIN/2025/014');
    expect(zipText(file('slides.pptx'), /^ppt\/slides\/slide\d+\.xml$/)).toContain('Ref. MIN/2025/014');
    if (hasPdftotext) expect(run('pdftotext', ['-enc', 'UTF-8', file('factsheet.pdf'), '-'])).toContain('Ref. MIN/2025/014');
  });

  it('applies its theme: Letter paper, DejaVu Serif embedded, marking in capitals top and bottom', () => {
    const pdf = readFileSync(file('factsheet.pdf'), 'latin1');
    expect(pdf).toMatch(/\/MediaBox \[0 0 612 792\]/);
    expect(pdf).toContain('DejaVuSerif');
    expect(pdf).not.toContain('NotoSans-Regular');
    if (hasPdftotext) {
      const pages = run('pdftotext', ['-enc', 'UTF-8', file('factsheet.pdf'), '-']).split('\f').filter((p) => p.trim() !== '');
      for (const page of pages) expect(page.match(/OFFICIAL — SENSITIVE/g)?.length ?? 0).toBeGreaterThanOrEqual(page === pages[0] ? 2 : 2);
    }
    const outline = readFileSync(file('outline.md'), 'utf8');
    expect(outline).toContain('header: "OFFICIAL — SENSITIVE"');
    expect(outline).toContain('footer: "OFFICIAL — SENSITIVE"');
    const docx = unzipSync(new Uint8Array(readFileSync(file('briefing.docx'))));
    const headers = Object.keys(docx).filter((n) => /^word\/(header|footer)\d*\.xml$/.test(n));
    expect(headers.filter((n) => strFromU8(docx[n]!).includes('OFFICIAL — SENSITIVE')).map((n) => n.replace(/\d*\.xml$/, '')).sort()).toEqual(['word/footer', 'word/header']);
    expect(strFromU8(docx['word/styles.xml']!)).toContain('DejaVu Serif');
    const masters = zipText(file('slides.pptx'), /^ppt\/slideLayouts\/slideLayout\d+\.xml$|^ppt\/slideMasters\/slideMaster\d+\.xml$/);
    expect(masters.match(/OFFICIAL — SENSITIVE/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
  });

  it('inherits labels it does not define, and templates it does not have', async () => {
    const result = await loadTemplateSet(createNodeEnv(join(REPO, 'examples')), templateSearchPath(join(REPO, 'examples')), 'ministry');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.set.labels('ru')).toMatchObject({ reference: 'Исх. №', summary: 'Краткое содержание' });
    expect(result.set.labels('de-AT')).toMatchObject({ reference: 'Az.', key_figures: 'Zahlen und Fakten' });
    expect(result.set.templates.briefing?.file).toBe('briefkit/templates/brief/briefing.hbs');
    expect(result.set.theme.page.size).toBe('Letter');
    expect(result.set.theme.colors.primary).toBe('#5A1E2B');
    expect(result.set.theme.fonts.mono).toBe('DejaVu Sans Mono');
  });
});

describe('template set faults', () => {
  /** A project holding one set `custom` with the given files (paths inside the set). */
  async function load(files: Record<string, string>) {
    const root = mkdtempSync(join(tmpdir(), 'briefkit-set-'));
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(root, 'templates/custom', rel, '..'), { recursive: true });
      writeFileSync(join(root, 'templates/custom', rel), text);
    }
    return loadTemplateSet(createNodeEnv(root), templateSearchPath(root), 'custom');
  }
  const messages = (r: Awaited<ReturnType<typeof load>>) => (r.ok ? [] : r.diagnostics.map((d) => `${d.file} ${d.path ?? ''} ${d.message}`));

  it('a helpers.mjs export that is not a function is an error naming the file', async () => {
    const r = await load({ 'set.yaml': 'extends: brief\n', 'helpers.mjs': 'export const shout = 3;\n' });
    expect(messages(r).join('\n')).toMatch(/templates\/custom\/helpers\.mjs .*export `shout` is not a function/);
  });

  it('a helpers.mjs that throws when loaded is an error naming the file', async () => {
    const r = await load({ 'set.yaml': 'extends: brief\n', 'helpers.mjs': 'throw new Error("boom");\n' });
    expect(messages(r).join('\n')).toMatch(/templates\/custom\/helpers\.mjs .*cannot load the helpers: boom/);
  });

  it('a helper of the set is known to the template checks and its result is plain text', async () => {
    const r = await load({ 'set.yaml': 'extends: brief\n', 'helpers.mjs': 'export function shout(t) { return "# " + String(t).toUpperCase() + " **1**"; }\n', 'outline.hbs': '## x\n\n{{shout title}}\n' });
    expect(messages(r)).toEqual([]);
    if (!r.ok) throw new Error('expected the set to load');
    const { blocks } = parseSource({ template: 't', markdown: r.set.templates.outline!.render({ title: 'a' }, { labels: {} }), fields: new Map() });
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph']);
    expect(plainText(blocks.slice(1))).toBe('# A **1**');
  });

  it('extends of a set that does not exist, or a cycle, is an error at set.yaml', async () => {
    expect(messages(await load({ 'set.yaml': 'extends: nowhere\n' })).join('\n')).toMatch(/set\.yaml extends .*`nowhere`, which is not a template set/);
    expect(messages(await load({ 'set.yaml': 'extends: brief\nflavour: x\n' })).join('\n')).toMatch(/unknown key `flavour`/);
  });

  it('theme fonts: a missing face, an unknown package and a margin under 18 pt are clear errors', async () => {
    const r = await load({
      'set.yaml': 'extends: brief\n',
      'theme.yaml': 'page: { margins: { left: 10 } }\nfonts:\n  files: { package: no-such-font-package, regular: a.ttf, bold: b.ttf }\n',
    });
    const text = messages(r).join('\n');
    expect(text).toMatch(/fonts\.files\.italic .*missing the italic face/);
    expect(text).toMatch(/page\.margins\.left .*office printers/);
    const r2 = await load({ 'set.yaml': 'extends: brief\n', 'theme.yaml': 'fonts:\n  files: { package: no-such-font-package, regular: a.ttf, bold: b.ttf, italic: c.ttf }\n' });
    expect(messages(r2).join('\n')).toMatch(/font `no-such-font-package\/a\.ttf` not found \(looked in the project and briefkit's installation\)/);
    const r3 = await load({ 'set.yaml': 'extends: brief\n', 'fonts/a.ttf': 'not a font', 'theme.yaml': 'fonts:\n  files: { folder: fonts, regular: a.ttf, bold: a.ttf, italic: a.ttf }\n' });
    expect(messages(r3).join('\n')).toMatch(/fonts\.files\.regular the font `a\.ttf` is not a font file/);
  });
});

describe('labels in the item’s language (default set, Russian item)', () => {
  const out = mkdtempSync(join(tmpdir(), 'briefkit-ru-'));
  const id = 'ru-osce-unodc-paris-pact-2024';
  const built = briefkit(REPO, ['build', '--force', '--out', out, `examples/content/${id}.yaml`]);
  const file = (suffix: string) => join(out, id, `${id}-${suffix}`);
  const english = /\b(Summary|Key figures|Key quotes|Lines to take|Sources|Contact|Prepared for|Prepared by|Page \d+ of|\(cont\.\)|Figure|Description)\b/;

  it('builds', () => expect(built.code, built.stderr).toBe(0));

  it('the outline has Russian headings and no English template label', () => {
    const text = readFileSync(file('outline.md'), 'utf8');
    expect(text).toContain('## Краткое содержание');
    expect(text).toContain('Ключевые цифры');
    expect(text).toContain('Источники');
    expect(text).not.toMatch(english);
  });

  it('the briefing note has Russian headings, title-block labels and footer', () => {
    const docx = unzipSync(new Uint8Array(readFileSync(file('briefing.docx'))));
    const body = strFromU8(docx['word/document.xml']!).replace(/<[^>]+>/g, ' ');
    for (const label of ['Краткое содержание', 'Ключевые цифры', 'Цитаты', 'Источники', 'Показатель', 'Описание']) expect(body).toContain(label);
    expect(body).not.toMatch(english);
    const footers = Object.keys(docx).filter((n) => /^word\/footer\d*\.xml$/.test(n)).map((n) => strFromU8(docx[n]!)).join('');
    expect(footers).toContain('Страница');
  });

  it('the deck has Russian slide titles', () => {
    const text = zipText(file('slides.pptx'), /^ppt\/slides\/slide\d+\.xml$/);
    for (const label of ['Краткое содержание', 'Ключевые цифры', 'Источники']) expect(text).toContain(label);
    expect(text).not.toMatch(english);
  });

  it.runIf(hasPdftotext)('the fact sheet has Russian labels and page counter', () => {
    const text = run('pdftotext', ['-enc', 'UTF-8', file('factsheet.pdf'), '-']);
    expect(text).toContain('Страница 1 из');
    expect(text).toContain('Источники');
    expect(text).not.toMatch(english);
  });
});

describe('the content reference', () => {
  it('docs/content-reference.md is what the schema generates (run `npm run docs` after changing schema.json)', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'templates/brief/schema.json'), 'utf8')) as ReferenceSchema;
    expect(readFileSync(join(REPO, 'docs/content-reference.md'), 'utf8')).toBe(contentReference(schema, 'brief'));
  });

  it('every field of the brief schema has a description and an example', () => {
    const missing: string[] = [];
    const walk = (node: ReferenceSchema, path: string) => {
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        const p = path ? `${path}.${name}` : name;
        if (!child.description || !child.examples?.length) missing.push(p);
        if (child.properties) walk(child, p);
        if (child.items?.properties) walk(child.items, `${p}[]`);
      }
    };
    walk(JSON.parse(readFileSync(join(REPO, 'templates/brief/schema.json'), 'utf8')) as ReferenceSchema, '');
    expect(missing).toEqual([]);
  });
});
