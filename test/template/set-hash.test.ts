import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { templateSearchPath } from '../../src/cli/main.js';
import { createNodeEnv } from '../../src/env/index.js';
import { loadTemplateSet } from '../../src/template/index.js';
import { templateSetSummary } from '../../src/template/set-sources.js';

const scratch = mkdtempSync(join(tmpdir(), 'briefkit-set-hash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A project with one set of its own, `mine`, made of `files`. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'templates/mine', rel, '..'), { recursive: true });
    writeFileSync(join(dir, 'templates/mine', rel), text);
  }
  mkdirSync(join(dir, 'content'), { recursive: true });
  return dir;
}

async function both(dir: string, set: string) {
  const env = createNodeEnv(dir);
  const search = templateSearchPath(dir);
  const loaded = await loadTemplateSet(env, search, set);
  const summary = await templateSetSummary(env, search, set);
  return { loaded, summary };
}

describe('the hash-only summary of a template set (the build cache check)', () => {
  it('gives the hash and templates a full load gives: brief, a set extending it, one with font files', async () => {
    const dirs = [
      [project('plain', {}), 'brief'],
      [project('extends', { 'set.yaml': 'extends: brief\n', 'theme.yaml': 'colors: { primary: "#112233" }\n', 'i18n/en.yaml': 'summary: In short\n', 'partials/titleblock.hbs': '# {{title}}\n' }), 'mine'],
      [project('fonts', { 'set.yaml': 'extends: brief\n', 'theme.yaml': 'fonts:\n  body: DejaVu Sans\n  files: { package: dejavu-fonts-ttf, regular: ttf/DejaVuSans.ttf, bold: ttf/DejaVuSans-Bold.ttf, italic: ttf/DejaVuSans-Oblique.ttf }\n' }), 'mine'],
      [project('own-only', { 'schema.json': '{"type":"object"}', 'i18n/en.yaml': 'a: b\n', 'outline.hbs': '# x\n' }), 'mine'],
    ] as const;
    for (const [dir, set] of dirs) {
      const { loaded, summary } = await both(dir, set);
      expect(loaded.ok, dir).toBe(true);
      if (!loaded.ok) continue;
      expect(summary, dir).toBeDefined();
      expect(summary!.hash).toBe(loaded.set.hash);
      expect([...summary!.templates].sort()).toEqual(Object.keys(loaded.set.templates).sort());
    }
  });

  it('gives nothing when only loading can judge the set (helpers.mjs, faults, unknown set)', async () => {
    const helpers = project('helpers', { 'set.yaml': 'extends: brief\n', 'helpers.mjs': 'export function shout(t) { return String(t); }\n' });
    expect((await both(helpers, 'mine')).summary).toBeUndefined();
    const broken = project('broken', { 'set.yaml': 'extends: nowhere\n' });
    expect((await both(broken, 'mine')).summary).toBeUndefined();
    const badTheme = project('bad-theme', { 'set.yaml': 'extends: brief\n', 'theme.yaml': 'colors: { primary: red }\n' });
    expect((await both(badTheme, 'mine')).summary).toBeUndefined();
    expect((await both(helpers, 'no-such-set')).summary).toBeUndefined();
  });
});
