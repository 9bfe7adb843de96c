import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/project.js';

const BIN = join(REPO, 'bin/briefkit.js');

/** Runs the checkout's CLI in `cwd`, as a new user without briefkit installed in the project would. */
function briefkit(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1735689600' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under a folder with its bytes, for "nothing changed" checks. */
function snapshot(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(out, snapshot(dir, rel));
    else out[rel] = readFileSync(join(dir, rel), 'latin1');
  }
  return out;
}

describe('briefkit init', () => {
  it('scaffolds a project in an empty folder that validates and builds all four outputs with no node_modules of its own', () => {
    const parent = mkdtempSync(join(tmpdir(), 'briefkit-init-'));
    const init = briefkit(parent, ['init', 'proj']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('cd proj\n  briefkit validate\n  briefkit build');
    const dir = join(parent, 'proj');
    for (const file of ['content/first-briefing.yaml', 'briefkit.config.yaml', '.gitignore', 'package.json', 'templates/brief/schema.json', 'templates/brief/theme.yaml', 'templates/brief/i18n/ru.yaml', 'templates/brief/partials/titleblock.hbs']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('out/');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.build).toBe('briefkit build');
    expect(readFileSync(join(dir, 'content/first-briefing.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/templates\/brief\/schema\.json/);

    // Edit the example as a new user would, then check and build it.
    const item = join(dir, 'content/first-briefing.yaml');
    writeFileSync(item, readFileSync(item, 'utf8').replace(/^title: .*$/m, 'title: "My first fact sheet"'));
    const validate = briefkit(dir, ['validate']);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const build = briefkit(dir, ['build']);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out/first-briefing')).sort()).toEqual(['first-briefing-briefing.docx', 'first-briefing-factsheet.pdf', 'first-briefing-outline.md', 'first-briefing-slides.pptx']);
    expect(readFileSync(join(dir, 'out/first-briefing/first-briefing-outline.md'), 'utf8')).toContain('My first fact sheet');
    // The PDF embeds briefkit's own fonts, resolved from its installation.
    expect(readFileSync(join(dir, 'out/first-briefing/first-briefing-factsheet.pdf'), 'latin1')).toContain('NotoSans');
  }, 60_000);

  it('refuses a folder that is not empty and changes nothing there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-init-full-'));
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content/mine.yaml'), 'title: mine\n');
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}\n');
    const before = snapshot(dir);
    const init = briefkit(dir, ['init']);
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(/is not empty .*nothing was changed/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('with --force writes into a non-empty folder and names every file it overwrites', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-init-force-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}\n');
    writeFileSync(join(dir, 'notes.txt'), 'keep me\n');
    const init = briefkit(dir, ['init', '--force']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('overwrote package.json');
    expect(init.stdout).not.toContain('overwrote notes.txt');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me\n');
  });

  it('build and validate honour briefkit.config.yaml, flags override it, unknown keys are errors', () => {
    const parent = mkdtempSync(join(tmpdir(), 'briefkit-init-config-'));
    expect(briefkit(parent, ['init', 'p']).code).toBe(0);
    const dir = join(parent, 'p');
    writeFileSync(join(dir, 'briefkit.config.yaml'), 'content: items\nout: public\nformats: [outline]\n');
    mkdirSync(join(dir, 'items'));
    writeFileSync(join(dir, 'items/a.yaml'), 'title: A\ndate: 2024-04-17\nsummary: S.\n');
    expect(briefkit(dir, ['build']).code).toBe(0);
    expect(readdirSync(join(dir, 'public/a'))).toEqual(['a-outline.md']);
    expect(briefkit(dir, ['build', '--format', 'pdf', '--out', 'other']).code).toBe(0);
    expect(readdirSync(join(dir, 'other/a'))).toEqual(['a-factsheet.pdf']);
    expect(briefkit(dir, ['validate']).stdout).toContain('1 file checked');
    writeFileSync(join(dir, 'briefkit.config.yaml'), 'outdir: x\n');
    const bad = briefkit(dir, ['build']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown setting `outdir`');
  }, 60_000);
});
