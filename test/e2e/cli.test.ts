import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import * as fflate from 'fflate';
import { describe, expect, it } from 'vitest';
import { makePng } from '../fixtures/png.js';
import { filesUnder } from '../helpers/files.js';
import { REPO } from '../helpers/project.js';
import { canRun, run } from '../helpers/tools.js';

const BIN = join(REPO, 'bin/briefkit.js');

/** Runs the real CLI in `cwd`. */
function briefkit(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh project folder holding the given content files. */
function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefkit-cli-'));
  mkdirSync(join(dir, 'content'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const VALID = 'title: A title\ndate: 2024-04-17\nsummary: A summary.\nsections:\n  - heading: One\n    points: [a, b]\n';

/** Every file under a folder, relative, sorted. */

describe('briefkit validate', () => {
  it('names a missing title and a misspelt summary with file:line:col, field path and a hint; exit 1', () => {
    const dir = project({ 'content/bad.yaml': 'date: 2024-04-17\nsumary: Oops\n' });
    const { code, stderr, stdout } = briefkit(dir, ['validate']);
    expect(code).toBe(1);
    expect(stderr).toContain('content/bad.yaml:1:1 title: missing required field `title`');
    expect(stderr).toContain('content/bad.yaml:2:1 sumary: unknown field `sumary`\n  hint: did you mean `summary`?');
    expect(stdout).toContain('1 file checked: 0 valid, 1 invalid');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('prints GitHub annotations with --reporter github', () => {
    const dir = project({ 'content/bad.yaml': 'date: 2024-04-17\nsumary: Oops\n' });
    const { stdout } = briefkit(dir, ['validate', '--reporter', 'github']);
    expect(stdout).toContain('::error file=content/bad.yaml,line=2,col=1::sumary: unknown field `sumary`%0Ahint: did you mean `summary`?');
  });

  it('exits 0 on valid content and 2 on a path that does not exist', () => {
    const dir = project({ 'content/ok.yaml': VALID });
    expect(briefkit(dir, ['validate']).code).toBe(0);
    const missing = briefkit(dir, ['validate', 'content/nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('content/nope.yaml: no such file or folder');
  });
});

describe('briefkit build', () => {
  it('builds the good items when one fails, lists the failure in the manifest and exits 1', () => {
    const dir = project({ 'content/good.yaml': VALID, 'content/bad.yaml': 'title: x\n', 'content/_draft.yaml': 'not: valid' });
    const { code, stderr } = briefkit(dir, ['build', '--format', 'outline']);
    expect(code).toBe(1);
    expect(stderr).toContain('content/bad.yaml:1:1 date: missing required field `date`');
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
    expect(manifest.items.map((i: { source: string; status: string }) => [i.source, i.status])).toEqual([
      ['content/bad.yaml', 'failed'],
      ['content/good.yaml', 'built'],
    ]);
    expect(manifest.items[0].errors[0]).toMatchObject({ file: 'content/bad.yaml', line: 1, column: 1, path: 'date' });
    expect(filesUnder(join(dir, 'out'))).toEqual(['good/good-outline.md', 'manifest.json']);
  });

  it('exits 2 on an unknown option, an unknown format or a bad shard, writing nothing', () => {
    const dir = project({ 'content/a.yaml': VALID });
    for (const args of [['build', '--frobnicate'], ['build', '--format', 'pdf,gif'], ['build', '--shard', '4/3'], ['build', '--item-timeout', '0'], ['build', '--item-timeout', 'ten'], ['build', '--item-timeout', '-5'], ['frobnicate']]) {
      const result = briefkit(dir, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).not.toBe('');
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('builds within --item-timeout, also with --jobs 1 (in a worker), and says what a bad limit is', () => {
    const dir = project({ 'content/a.yaml': VALID, 'content/b.yaml': VALID.replace('A title', 'B') });
    const ok = briefkit(dir, ['build', '--format', 'outline,docx', '--jobs', '1', '--item-timeout', '120']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(filesUnder(join(dir, 'out'))).toEqual(['a/a-briefing.docx', 'a/a-outline.md', 'b/b-briefing.docx', 'b/b-outline.md', 'manifest.json']);
    const bad = briefkit(dir, ['build', '--item-timeout', '1e3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--item-timeout expects a number of seconds above 0 and at most 2147483, got `1e3`');
  });

  it('caches unchanged items, rebuilds changed ones, and keeps a failed item’s last good outputs as stale', () => {
    const dir = project({ 'content/a.yaml': VALID });
    expect(briefkit(dir, ['build', '--format', 'outline,docx']).code).toBe(0);
    const second = briefkit(dir, ['build', '--format', 'outline,docx']);
    expect(second.stdout).toContain('1 item: 0 built, 1 cached, 0 failed');
    writeFileSync(join(dir, 'content/a.yaml'), VALID.replace('A title', 'A new title'));
    expect(briefkit(dir, ['build', '--format', 'outline,docx']).stdout).toContain('built');
    expect(readFileSync(join(dir, 'out/a/a-outline.md'), 'utf8')).toContain('A new title');
    writeFileSync(join(dir, 'content/a.yaml'), 'title: broken\n');
    expect(briefkit(dir, ['build', '--format', 'outline,docx']).code).toBe(1);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
    expect(manifest.items[0].status).toBe('failed');
    expect(manifest.items[0].outputs.map((o: { format: string; stale?: boolean }) => [o.format, o.stale])).toEqual([
      ['docx', true],
      ['outline', true],
    ]);
    expect(readFileSync(join(dir, 'out/a/a-outline.md'), 'utf8')).toContain('A new title');
  });

  it('removes the outputs of an item whose source is gone, and leaves no temporary files', () => {
    const dir = project({ 'content/a.yaml': VALID, 'content/b.yaml': VALID });
    briefkit(dir, ['build', '--format', 'outline']);
    rmSync(join(dir, 'content/b.yaml'));
    expect(briefkit(dir, ['build', '--format', 'outline']).code).toBe(0);
    expect(filesUnder(join(dir, 'out'))).toEqual(['a/a-outline.md', 'manifest.json']);
  });

  it('refuses duplicate ids across files, in both items', () => {
    const dir = project({ 'content/a.yaml': `id: same\n${VALID}`, 'content/b.json': JSON.stringify({ id: 'same', title: 'B', date: '2024-01-01', summary: 'S' }) });
    const { code, stderr } = briefkit(dir, ['build', '--format', 'outline']);
    expect(code).toBe(1);
    expect(stderr).toContain('content/a.yaml:1:5 id: id `same` is also used by content/b.json');
    expect(stderr).toContain('content/b.json:1:7 id: id `same` is also used by content/a.yaml');
  });

  it('gives byte-identical outputs in any time zone, and honours SOURCE_DATE_EPOCH', () => {
    const dir = project({ 'content/a.yaml': VALID });
    const hashes = (env: NodeJS.ProcessEnv) => {
      rmSync(join(dir, 'out'), { recursive: true, force: true });
      expect(briefkit(dir, ['build'], env).code).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
      return manifest.items[0].outputs.map((o: { sha256: string }) => o.sha256) as string[];
    };
    const utc = hashes({ TZ: 'UTC' });
    expect(utc).toHaveLength(4);
    expect(hashes({ TZ: 'Pacific/Kiritimati', LANG: 'ru_RU.UTF-8' })).toEqual(utc);
    expect(hashes({ TZ: 'America/Los_Angeles' })).toEqual(utc);
    const epoch = hashes({ SOURCE_DATE_EPOCH: '1700000000' });
    expect(epoch).not.toEqual(utc);
    expect(hashes({ SOURCE_DATE_EPOCH: '1700000000', TZ: 'Asia/Kolkata' })).toEqual(epoch);
  });

  it('writes only under --out, wherever it points', () => {
    const dir = project({ 'content/a.yaml': VALID });
    const out = mkdtempSync(join(tmpdir(), 'briefkit-elsewhere-'));
    expect(briefkit(dir, ['build', '--out', out, '--format', 'outline']).code).toBe(0);
    expect(filesUnder(out)).toEqual(['a/a-outline.md', 'manifest.json']);
    expect(filesUnder(dir)).toEqual(['content/a.yaml']);
  });
});

describe('briefkit new, schema, templates, merge-manifests', () => {
  it('new writes a starter item that validates, and refuses to overwrite it', () => {
    const dir = project();
    const first = briefkit(dir, ['new', 'my-item']);
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, 'content/my-item.yaml'))).toBe(true);
    expect(briefkit(dir, ['validate']).code).toBe(0);
    expect(briefkit(dir, ['new', 'my-item']).code).toBe(2);
    expect(briefkit(dir, ['new', 'Bad Id']).code).toBe(2);
  });

  it('schema prints the JSON Schema of the brief set', () => {
    const { code, stdout } = briefkit(project(), ['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ title: 'briefkit brief', required: ['title', 'date', 'summary'] });
  });

  it('templates lists the brief set with its formats', () => {
    const { code, stdout } = briefkit(project(), ['templates']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^brief\s+pdf, docx, outline, pptx\s+briefkit brief/m);
  });

  it('merge-manifests joins shard manifests into what a single build lists', () => {
    const dir = project({ 'content/a.yaml': VALID, 'content/b.yaml': VALID, 'content/c.yaml': VALID, 'content/d.yaml': VALID });
    expect(briefkit(dir, ['build', '--format', 'outline', '--out', 'full']).code).toBe(0);
    for (const i of [1, 2, 3]) expect(briefkit(dir, ['build', '--format', 'outline', '--shard', `${i}/3`, '--out', `shard${i}`]).code).toBe(0);
    const merged = briefkit(dir, ['merge-manifests', 'shard1/manifest.json', 'shard2/manifest.json', 'shard3/manifest.json']);
    expect(merged.code).toBe(0);
    const strip = (m: { items: unknown[] }) => m.items;
    expect(strip(JSON.parse(merged.stdout))).toEqual(strip(JSON.parse(readFileSync(join(dir, 'full/manifest.json'), 'utf8'))));
  });

  it('prints help and the version', () => {
    const help = briefkit(project(), ['--help']);
    expect(help.code).toBe(0);
    for (const command of ['build', 'validate', 'new', 'schema', 'templates', 'merge-manifests']) expect(help.stdout).toContain(command);
    expect(briefkit(project(), ['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('a Markdown item', () => {
  it('builds front matter plus body sections', () => {
    const dir = project({ 'content/note.md': '---\ntitle: From Markdown\ndate: 2024-05-01\n---\nThe lead with a [link](https://example.org).\n\n## First\n\nBody.\n\n- one\n- two\n' });
    expect(briefkit(dir, ['build', '--format', 'outline']).code).toBe(0);
    const text = readFileSync(join(dir, 'out/note/note-outline.md'), 'utf8');
    expect(text).toContain('## First');
    expect(text).toContain('- one');
  });
});

describe('a theme logo', () => {
  /** A project with its own copy of the brief set, whose theme names a logo. */
  function withLogo(theme: string, logo?: Uint8Array): string {
    const dir = project({ 'content/a.yaml': VALID });
    cpSync(join(REPO, 'templates', 'brief'), join(dir, 'templates', 'brief'), { recursive: true });
    writeFileSync(join(dir, 'templates/brief/theme.yaml'), `${readFileSync(join(dir, 'templates/brief/theme.yaml'), 'utf8')}\n${theme}\n`);
    if (logo) writeFileSync(join(dir, 'templates/brief/logo.png'), logo);
    return dir;
  }

  it.runIf(canRun('pdfimages'))('is drawn in the fact sheet', () => {
    const dir = withLogo('logo: { src: logo.png, alt: Example Agency }', makePng(200, 60));
    expect(briefkit(dir, ['build', '--format', 'pdf']).code).toBe(0);
    const list = run('pdfimages', ['-list', join(dir, 'out/a/a-factsheet.pdf')]);
    expect(list).toMatch(/^\s+1\s+0\s+image\s+200\s+60\s/m);
  });

  it('is shown in the DOCX header and on the PPTX title slide, with its alt text', () => {
    const dir = withLogo('logo: { src: logo.png, alt: Example Agency }', makePng(200, 60));
    expect(briefkit(dir, ['build', '--format', 'docx,pptx']).code).toBe(0);
    const files = filesUnder(join(dir, 'out'));
    const docx = files.find((f) => f.endsWith('.docx'));
    const pptx = files.find((f) => f.endsWith('.pptx'));
    const header = strFromU8(unzipSync(readFileSync(join(dir, 'out', docx!)))['word/header1.xml']!);
    expect(header).toMatch(/<wp:docPr id="\d+" name="logo" descr="Example Agency"\/>/);
    const slide = strFromU8(unzipSync(readFileSync(join(dir, 'out', pptx!)))['ppt/slides/slide1.xml']!);
    expect(slide).toMatch(/<p:pic>[\s\S]*descr="Example Agency"[\s\S]*<\/p:pic>/);
  });

  it('is refused when missing or outside the template set, naming theme.yaml', () => {
    const missing = withLogo('logo: { src: nope.png }');
    const result = briefkit(missing, ['build', '--format', 'outline']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/brief/theme.yaml logo.src: logo not found: `nope.png`');
    const outside = withLogo('logo: { src: ../../content/a.png }');
    expect(briefkit(outside, ['build', '--format', 'outline']).stderr).toMatch(/templates\/brief\/theme\.yaml:\d+:\d+ logo\.src: the logo must be a file inside the template set/);
  });
});

describe('briefkit.config.yaml', () => {
  it('sets the item time limit (itemTimeout, in seconds), which --item-timeout overrides; a bad value is a usage error', () => {
    const dir = project({ 'content/a.yaml': VALID, 'content/b.yaml': VALID.replace('A title', 'B') });
    // One millisecond: no render can finish, so every item fails with the limit's error.
    writeFileSync(join(dir, 'briefkit.config.yaml'), 'itemTimeout: 0.001\n');
    const limited = briefkit(dir, ['build', '--format', 'outline']);
    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain('content/a.yaml: rendering the item did not finish within 0.001 s (--item-timeout), so its worker was stopped');
    expect(limited.stderr).toContain('content/b.yaml: rendering the item did not finish within 0.001 s');
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as { items: { status: string }[] };
    expect(manifest.items.map((i) => i.status)).toEqual(['failed', 'failed']);
    // The command line wins.
    expect(briefkit(dir, ['build', '--format', 'outline', '--item-timeout', '120']).code).toBe(0);
    writeFileSync(join(dir, 'briefkit.config.yaml'), 'itemTimeout: 0\n');
    const bad = briefkit(dir, ['build']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('briefkit.config.yaml: `itemTimeout` expects a number of seconds above 0 and at most 2147483, got `0`');
  });

  it('sets the template set of items that name none (and the cache follows it)', () => {
    const dir = project({ 'content/a.yaml': VALID });
    cpSync(join(REPO, 'examples', 'templates', 'ministry'), join(dir, 'templates', 'ministry'), { recursive: true });
    expect(briefkit(dir, ['build', '--format', 'docx']).code).toBe(0);
    const brief = readFileSync(join(dir, 'out/a/a-briefing.docx'));
    writeFileSync(join(dir, 'briefkit.config.yaml'), 'template: ministry\n');
    const second = briefkit(dir, ['build', '--format', 'docx']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('built');
    const ministry = readFileSync(join(dir, 'out/a/a-briefing.docx'));
    expect(ministry.equals(brief)).toBe(false);
    // Letter paper (12240 twips wide) comes from the ministry theme.
    const { unzipSync, strFromU8 } = fflate;
    expect(strFromU8(unzipSync(new Uint8Array(ministry))['word/document.xml']!)).toContain('w:w="12240"');
    // An item that names its set keeps it.
    writeFileSync(join(dir, 'content/a.yaml'), `template: brief\n${VALID}`);
    expect(briefkit(dir, ['build', '--format', 'docx']).code).toBe(0);
    expect(strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'out/a/a-briefing.docx'))))['word/document.xml']!)).toContain('w:w="11906"');
  });
});
