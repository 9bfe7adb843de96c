import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryEnv } from '../../src/env/index.js';
import { loadTemplateSet } from '../../src/template/index.js';
import { REPO } from '../helpers/project.js';
import { briefkit, expectNoStack, expectOutputMatchesManifest, tempProject, VALID } from './helpers.js';

/** Replaces `from` by `to` in one file of a copied template set (the text must be there). */
type Edit = { file: string; from: string | RegExp; to: string };

/**
 * Template sets, each a copy of briefkit's `brief` with one fault, in the
 * project's own `templates/` (which comes before briefkit's), and the first
 * fault line each must give: `templates/<set>/<file>:<line>[:<col>]`.
 */
const SETS: Record<string, { edits: Edit[]; fault: string | ((at: (file: string, needle: string) => string) => string) }> = {
  'bad-syntax': { edits: [{ file: 'outline.hbs', from: '{{#if talking_points}}', to: '{{#if talking_points}' }], fault: 'templates/bad-syntax/outline.hbs:10: template syntax error: Parse error on line 10:' },
  'bad-close': { edits: [{ file: 'partials/sections.hbs', from: /\{\{\/each\}\}/, to: '{{/if}}' }], fault: 'templates/bad-close/partials/sections.hbs:9:4: template syntax error: each doesn\'t match if' },
  'missing-field': { edits: [{ file: 'outline.hbs', from: '## {{t "summary"}}', to: '## {{t "summary"}} {{no_such_field}}' }], fault: 'templates/missing-field/outline.hbs:4:22: template error while merging content/missing-field.yaml: "no_such_field" not defined' },
  'missing-partial': { edits: [{ file: 'outline.hbs', from: '{{> figures}}', to: '{{> no_such_partial}}' }], fault: 'templates/missing-partial/outline.hbs:21:1: partial `no_such_partial` not found' },
  'unknown-helper': { edits: [{ file: 'outline.hbs', from: '## {{t "summary"}}', to: '## {{shout "summary"}}' }], fault: 'templates/unknown-helper/outline.hbs:4:4: unknown helper `shout`' },
  'unknown-block-helper': { edits: [{ file: 'outline.hbs', from: '{{#if talking_points}}', to: '{{#when talking_points}}' }, { file: 'outline.hbs', from: '{{/if}}\n{{> keyfigures', to: '{{/when}}\n{{> keyfigures' }], fault: 'templates/unknown-block-helper/outline.hbs:10:1: unknown helper `when`' },
  'helper-throws': { edits: [{ file: 'outline.hbs', from: '## {{t "summary"}}', to: '## {{t "no_such_label"}}' }], fault: 'templates/helper-throws/outline.hbs:4:4: template error while merging content/helper-throws.yaml: helper `t` failed: unknown label `no_such_label`' },
  'unknown-directive': { edits: [{ file: 'outline.hbs', from: ':::lead', to: ':::frobnicate' }], fault: 'templates/unknown-directive/outline.hbs: unknown directive `:::frobnicate` (generated line' },
  'proto-access': { edits: [{ file: 'outline.hbs', from: '## {{t "summary"}}', to: '## {{constructor.name}} {{lookup this "__proto__"}}' }], fault: 'templates/proto-access/outline.hbs:4:6: `constructor.name` reads the prototype property `constructor`' },
  'bad-schema-json': { edits: [{ file: 'schema.json', from: '"required": ["title", "date", "summary"],', to: '"required": ["title", "date", "summary",],' }], fault: (at) => `templates/bad-schema-json/schema.json:${at('schema.json', '"summary",]')}: the schema is not valid JSON: a comma before the closing bracket (trailing comma)` },
  'bad-schema': { edits: [{ file: 'schema.json', from: '"maxLength": 300', to: '"maxLength": "three hundred"' }], fault: (at) => `templates/bad-schema/schema.json:${at('schema.json', '"three hundred"')}: the schema cannot be used: schema is invalid: data/properties/subtitle/maxLength must be integer` },
  'bad-theme': { edits: [{ file: 'theme.yaml', from: /size: A4/, to: 'size: A5' }], fault: 'templates/bad-theme/theme.yaml:4:3 page.size: expected A4 or Letter, got `A5`' },
  'bad-theme-yaml': { edits: [{ file: 'theme.yaml', from: /^/, to: 'page: [unclosed\n' }], fault: 'templates/bad-theme-yaml/theme.yaml:4:1: cannot read the theme: Flow sequence in block collection must be sufficiently indented and end with a ]\n' },
};

function makeSet(project: string, name: string, edits: readonly Edit[]): void {
  const dir = join(project, 'templates', name);
  cpSync(join(REPO, 'templates/brief'), dir, { recursive: true });
  for (const edit of edits) {
    const file = join(dir, edit.file);
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(edit.from, edit.to);
    if (changed === text && edit.to !== '') throw new Error(`edit of ${name}/${edit.file} did not apply: ${String(edit.from)}`);
    writeFileSync(file, changed);
  }
}

describe('template faults: an error naming the template file and line; items of other sets still build', () => {
  const project = tempProject({ 'content/ok.yaml': VALID, ...Object.fromEntries(Object.keys(SETS).map((name) => [`content/${name}.yaml`, `template: ${name}\n${VALID}`])) });
  for (const [name, { edits }] of Object.entries(SETS)) makeSet(project, name, edits);

  it('build --format outline: each set’s fault, exit 1, the item of the good set built, out/ = manifest', () => {
    const { code, stderr } = briefkit(project, ['build', '--format', 'outline', '--jobs', '1']);
    expectNoStack(stderr);
    expect(code).toBe(1);
    for (const [name, { fault }] of Object.entries(SETS)) {
      // Line and column of a text in the set's (edited) file, for files other sessions may reformat.
      const at = (file: string, needle: string) => {
        const text = readFileSync(join(project, 'templates', name, file), 'utf8');
        const offset = text.indexOf(needle);
        const before = text.slice(0, offset).split('\n');
        return `${before.length}:${before[before.length - 1]!.length + 1 + (needle.startsWith('"summary"') ? needle.length - 1 : 0)}`;
      };
      expect(stderr, name).toContain(typeof fault === 'string' ? fault : fault(at));
    }
    const manifest = expectOutputMatchesManifest(join(project, 'out'));
    for (const item of manifest.items) expect(item.status, item.source).toBe(item.source === 'content/ok.yaml' ? 'built' : 'failed');
    // Each failing item names its own file too (so `validate` counts it invalid).
    for (const name of Object.keys(SETS).filter((n) => !['missing-field', 'helper-throws', 'unknown-directive'].includes(n))) {
      expect(stderr, name).toContain(`content/${name}.yaml:1:11 template: template set \`${name}\` cannot be used (its faults follow)`);
    }
  });

  it('validate counts the items of broken sets as invalid, exit 1', () => {
    const { code, stderr, stdout } = briefkit(project, ['validate']);
    expectNoStack(stderr);
    expect(code).toBe(1);
    // Faults found only when merging (missing field, helper, directive) are build-time: those three validate.
    expect(stdout).toContain(`${Object.keys(SETS).length + 1} files checked: 4 valid, ${Object.keys(SETS).length - 3} invalid`);
  });
});

describe('prototype access from templates', () => {
  const base = '/p';
  const brief = (() => {
    const files: Record<string, string> = {};
    for (const name of ['schema.json', 'theme.yaml', 'i18n/en.yaml']) files[`${base}/templates/t/${name}`] = readFileSync(join(REPO, 'templates/brief', name), 'utf8');
    return files;
  })();
  const load = (outline: string) => loadTemplateSet(createMemoryEnv(base, { ...brief, [`${base}/templates/t/outline.hbs`]: outline }), [{ dir: `${base}/templates`, display: 'templates' }], 't');

  it('refuses every static reach into a prototype, with its line and column', async () => {
    const result = await load('# x\n{{constructor}} {{__proto__.polluted}}\n{{#with title}}{{constructor.name}}{{/with}} {{lookup this "constructor"}} {{title.__defineGetter__}}\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message.split(';')[0]}`)).toEqual([
      '2:3 `constructor` reads the prototype property `constructor`',
      '2:19 `__proto__.polluted` reads the prototype property `__proto__`',
      '3:18 `constructor.name` reads the prototype property `constructor`',
      '3:60 `lookup` of the prototype property `constructor`',
      '3:78 `title.__defineGetter__` reads the prototype property `__defineGetter__`',
    ]);
  });

  it('leaks nothing through a dynamic lookup that the static check cannot see', async () => {
    const result = await load('# x\n[{{#each this}}{{lookup ../this @key}}{{/each}}][{{lookup this title}}]\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const render = result.set.templates.outline!.render;
    expect(render({ title: 'constructor' }, { labels: {} })).toBe('# x\n[constructor][]\n');
    expect(render({ title: '__proto__' }, { labels: {} })).toBe('# x\n[__proto__][]\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
