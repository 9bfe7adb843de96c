import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { templateSearchPath } from '../../src/cli/main.js';
import { loadContent } from '../../src/content/load.js';
import { validateContent } from '../../src/content/validate.js';
import { createNodeEnv } from '../../src/env/index.js';
import { loadTemplateSet, mergeItem, type TemplateSet } from '../../src/template/index.js';
import { precompiledModule } from '../../src/template/precompile.js';
import { standaloneUriSource } from '../../src/template/uri-format.js';
import { REPO } from '../helpers/project.js';
import { tidyModuleSource } from '../../scripts/tidy-module.mjs';

// Generated modules reach ajv's runtime with require(), so they live under the repository.
mkdirSync(join(REPO, 'node_modules/.cache'), { recursive: true });
const scratch = mkdtempSync(join(REPO, 'node_modules/.cache/briefkit-precompile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dirUrl = new URL(`${pathToFileURL(scratch).href}/`);

const env = createNodeEnv(REPO);
const search = templateSearchPath(REPO);

async function load(options: Parameters<typeof loadTemplateSet>[3]): Promise<TemplateSet> {
  const loaded = await loadTemplateSet(env, search, 'brief', options);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.set;
}

const made = await precompiledModule(env, search, 'brief');
if (!made.ok) throw new Error(made.diagnostics.map((d) => d.message).join('\n'));
// As npm run build writes it (minified, ASCII-only): the module the tests load is the one that ships.
const shipped = await tidyModuleSource(made.source);
writeFileSync(join(scratch, `${made.hash}.js`), shipped);

describe('precompiled template sets', () => {
  it('npm run build wrote the shipped set’s module, the same as generating it now', () => {
    const built = readFileSync(join(REPO, 'dist/template/precompiled', `${made.hash}.js`), 'utf8');
    expect(built).toBe(shipped);
    expect(/[^\x00-\x7f]/.test(built)).toBe(false);
    // ajv-formats' uri check is replaced by the same check, cheaper to start (uri-format.ts).
    expect(made.source).toContain(standaloneUriSource());
  });

  it('merges every template exactly as the compiled set does', async () => {
    const compiled = await load({ precompiled: false });
    const ahead = await load({ precompiledDir: dirUrl });
    expect(compiled.precompiled).toBe(false);
    expect(ahead.precompiled).toBe(true);
    expect(ahead.hash).toBe(compiled.hash);
    const file = 'content/osce-unodc-paris-pact-2024.yaml';
    const loaded = loadContent(file, new Uint8Array(readFileSync(join(REPO, file))));
    if (!loaded.ok) throw new Error('the sample does not load');
    for (const set of [compiled, ahead]) expect(validateContent(loaded.content, set.schema).ok).toBe(true);
    const valid = validateContent(loaded.content, compiled.schema);
    if (!valid.ok) throw new Error('the sample is not valid');
    for (const name of ['factsheet', 'briefing', 'outline'] as const) {
      const a = mergeItem(compiled, name, valid.item, []);
      const b = mergeItem(ahead, name, valid.item, []);
      expect(b).toEqual(a);
      expect(a.ok).toBe(true);
    }
    expect(ahead.labels('fr-CA')).toEqual(compiled.labels('fr-CA'));
  });

  it('reports schema faults exactly as the compiled schema does', async () => {
    const compiled = await load({ precompiled: false });
    const ahead = await load({ precompiledDir: dirUrl });
    const cases: unknown[] = [
      {},
      { id: 'x', title: 3 },
      { id: 'a b', title: 'T', date: 'not a date', lang: 'xx-', unknown: true },
      { id: 'x', title: 'T', date: '2024-02-30', sections: [{ heading: '' }], contact: { email: 'not an email' } },
      { id: 'x', title: 'T', date: '2024-01-01', key_figures: [{ value: 1 }], sources: [{ url: 'nota url' }] },
      { id: 'x', title: 'T', date: '2024-01-01', sources: [{ title: 'a', url: 'http://[::1]/x' }, { title: 'b', url: 'https://[zz]/' }, { title: 'c', url: 'https://example.org/a[1]' }], contact: { url: 'https://example.org/contact' } },
    ];
    for (const data of cases) {
      const okA = compiled.schema.validate(structuredClone(data));
      const errorsA = structuredClone(compiled.schema.validate.errors);
      const okB = ahead.schema.validate(structuredClone(data));
      expect(okB).toBe(okA);
      expect(ahead.schema.validate.errors).toEqual(errorsA);
    }
  });

  it('is not used for a set whose bytes differ, even by a space', async () => {
    const project = mkdtempSync(join(scratch, 'project-'));
    cpSync(join(REPO, 'templates/brief'), join(project, 'templates/brief'), { recursive: true });
    const schema = join(project, 'templates/brief/schema.json');
    writeFileSync(schema, `${readFileSync(schema, 'utf8')} `);
    const loaded = await loadTemplateSet(createNodeEnv(project), templateSearchPath(project), 'brief', { precompiledDir: dirUrl });
    expect(loaded.ok).toBe(true);
    if (loaded.ok) {
      expect(loaded.set.precompiled).toBe(false);
      expect(loaded.set.hash).not.toBe(made.hash);
    }
  });

  it('is not used when written for another layout or another set', async () => {
    const other = mkdtempSync(join(scratch, 'stale-'));
    const otherUrl = new URL(`${pathToFileURL(other).href}/`);
    writeFileSync(join(other, `${made.hash}.js`), made.source.replace('export const format = 1;', 'export const format = 0;'));
    expect((await load({ precompiledDir: otherUrl })).precompiled).toBe(false);
    writeFileSync(join(other, `${made.hash}.js`), made.source.replace(made.hash, '0'.repeat(64)));
    expect((await load({ precompiledDir: otherUrl })).precompiled).toBe(false);
  });
});
