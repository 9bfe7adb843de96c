import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/project.js';

const bundle = join(REPO, 'dist/bundle');
const chunks = readdirSync(bundle).filter((name) => name.endsWith('.js'));

/** Builds the sample's four formats into a fresh folder with `nodeFlags`; returns the output bytes by file. */
function buildSample(nodeFlags: string[]): Map<string, Buffer> {
  const out = mkdtempSync(join(tmpdir(), 'briefkit-loading-'));
  const result = spawnSync(process.execPath, [...nodeFlags, join(REPO, 'bin/briefkit.js'), 'build', '--force', '-q', '--out', out], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'manifest.json') files.set(entry.name, readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

describe('the bundle loads its chunks with require() where Node can (scripts/bundle.mjs)', () => {
  it('sends every lazy import of a sibling chunk through the loader', () => {
    const code = chunks.map((name) => readFileSync(join(bundle, name), 'utf8'));
    // Left as import(), a chunk would be read through the thread pool again.
    expect(code.filter((text) => /\bimport\((["'])\.\/[\w-]+\.js\1\)/.test(text))).toEqual([]);
    const calls = code.reduce((sum, text) => sum + (text.match(/__briefkitLoadChunk\((["'])\.\/[\w-]+\.js\1\)/g)?.length ?? 0), 0);
    // The CLI's commands, the build, the four renderers and the worker's entry each load lazily.
    expect(calls).toBeGreaterThan(10);
  });

  it('does load the chunks with require(), and with import() when Node has require() of ES modules off', () => {
    // NODE_DEBUG=module traces require() (Module._load), not the ES module loader.
    const requested = (nodeFlags: string[]): string[] => {
      const out = mkdtempSync(join(tmpdir(), 'briefkit-loading-'));
      const result = spawnSync(process.execPath, [...nodeFlags, join(REPO, 'bin/briefkit.js'), 'build', '--force', '-q', '--format', 'outline', '--out', out], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, NODE_DEBUG: 'module' },
      });
      expect(result.status).toBe(0);
      // Each chunk is required by its absolute path, through load-module.cjs.
      return [...result.stderr.matchAll(/Module\._load REQUEST \S*\/dist\/bundle\/([\w-]+\.js) parent: /g)].map((m) => m[1]!);
    };
    // The CLI, the build, the pipeline and the outline's renderer at least.
    expect(new Set(requested([])).size).toBeGreaterThanOrEqual(4);
    expect(requested(['--no-experimental-require-module'])).toEqual([]);
  }, 60_000);

  it('builds the same bytes with require() of ES modules and, where Node lacks it, with import()', () => {
    expect(process.features.require_module).toBe(true);
    const required = buildSample([]);
    const imported = buildSample(['--no-experimental-require-module']);
    expect([...required.keys()].sort()).toEqual(['osce-unodc-paris-pact-2024-briefing.docx', 'osce-unodc-paris-pact-2024-factsheet.pdf', 'osce-unodc-paris-pact-2024-outline.md', 'osce-unodc-paris-pact-2024-slides.pptx']);
    for (const [name, bytes] of required) expect(imported.get(name)?.equals(bytes), name).toBe(true);
  }, 60_000);

  it('loads Node\'s worker modules only when a build starts a worker (not for one item in one format)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-loading-'));
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(process.env.BRIEFKIT_MODULES, process.moduleLoadList.join('\\n')));\n`);
    const loaded = (args: string[]): string[] => {
      const list = join(dir, `modules-${args.length}.txt`);
      const result = spawnSync(process.execPath, ['-r', probe, join(REPO, 'bin/briefkit.js'), 'build', '--force', '-q', '--out', join(dir, 'out'), ...args], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, BRIEFKIT_MODULES: list },
      });
      expect(result.status).toBe(0);
      return readFileSync(list, 'utf8').split('\n');
    };
    expect(loaded(['--format', 'pdf'])).not.toContain('NativeModule worker_threads');
    // Four formats of one item: the fact sheet and the outline render in a worker.
    expect(loaded([])).toContain('NativeModule worker_threads');
  }, 60_000);
});
