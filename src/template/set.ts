import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import type { CompiledSchema, SchemaNode } from '../content/validate.js';
import { error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import type { Theme } from '../doc/theme.js';
import type { Env } from '../env/index.js';
import { builtinHelpers } from './helpers/index.js';
import type { TemplateName } from './formats.js';
import { readTheme } from './theme.js';
import { attachFontFaces, readSetLayers, SET_FILE } from './layers.js';

export { OUTPUT_FORMATS, TEMPLATE_OF_FORMAT, type OutputFormat, type TemplateName } from './formats.js';

/** A compiled template with the file it came from. */
export interface CompiledTemplate {
  /** Path relative to the project root (or to briefkit's installation). */
  file: string;
  render: (context: Record<string, unknown>, data: Record<string, unknown>) => string;
}

/** A template set, loaded and compiled: schema, theme, templates, labels. */
export interface TemplateSet {
  name: string;
  /** Absolute folder of the set. */
  dir: string;
  /** The folder as shown in messages. */
  displayDir: string;
  schema: CompiledSchema;
  theme: Theme;
  templates: Partial<Record<TemplateName, CompiledTemplate>>;
  /** Labels in a language, falling back to the base language, then English. */
  labels(lang: string): Record<string, string>;
  /** sha256 over every file of the set, part of each output's inputs hash. */
  hash: string;
}

/** Where template sets are looked up, first match wins. */
export interface TemplateSearchPath {
  /** Absolute folder holding sets (`<project>/templates`). */
  dir: string;
  /** How the folder is named in messages (`templates`). */
  display: string;
}

const TEMPLATE_NAMES: readonly TemplateName[] = ['factsheet', 'briefing', 'outline'];

/**
 * Loads a template set by name from the first search folder that has it,
 * compiling its schema and templates once. All faults are returned.
 */
export async function loadTemplateSet(env: Env, search: readonly TemplateSearchPath[], name: string): Promise<{ ok: true; set: TemplateSet } | { ok: false; diagnostics: Diagnostic[] }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return { ok: false, diagnostics: [error('templates', `\`${name}\` is not a template set name (letters, digits, '.', '_', '-')`, { code: 'template-set' })] };
  }
  let found: TemplateSearchPath | undefined;
  for (const place of search) {
    try {
      const entries = await env.readDir(`${place.dir}/${name}`);
      if (entries.some((e) => e.name === 'schema.json' || e.name === SET_FILE)) {
        found = place;
        break;
      }
    } catch {
      // Not in this folder; try the next.
    }
  }
  if (!found) {
    const where = search.map((s) => s.display).join(', ');
    return { ok: false, diagnostics: [error(`templates/${name}`, `template set \`${name}\` not found (looked in ${where})`, { code: 'template-set', hints: ['a template set is a folder under templates/ with schema.json, theme.yaml and its .hbs templates'] })] };
  }
  const dir = `${found.dir}/${name}`;
  const displayDir = `${found.display}/${name}`;
  const diagnostics: Diagnostic[] = [];
  const files = await listFiles(env, dir);
  const hash = createHash('sha256');
  const contents = new Map<string, string>();
  for (const rel of files) {
    const bytes = await env.readFile(`${dir}/${rel}`);
    hash.update(`${rel}\u0000${bytes.length}\u0000`);
    hash.update(bytes);
    contents.set(rel, new TextDecoder().decode(bytes));
  }
  // The sets it extends (set.yaml): their files under its own, their theme under its theme.
  const layers = await readSetLayers(env, search, { name, dir, displayDir, contents });
  diagnostics.push(...layers.diagnostics);
  if (layers.inherited.size > 0 || layers.helpers.size > 0) hash.update(`layers\u0000${layers.hash}`);
  const fileOf = (rel: string): string => layers.inherited.get(rel)?.display ?? `${displayDir}/${rel}`;
  for (const [rel, file] of layers.inherited) contents.set(rel, file.text);

  let schema: CompiledSchema | undefined;
  try {
    const parsed = JSON.parse(contents.get('schema.json') ?? '') as SchemaNode;
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormatsModule as unknown as (a: Ajv2020) => void);
    addFormats(ajv);
    schema = { schema: parsed, validate: ajv.compile(parsed) };
  } catch (thrown) {
    diagnostics.push(error(fileOf('schema.json'), `the schema cannot be used: ${messageOf(thrown)}`, { code: 'schema' }));
  }

  const themeText = contents.get('theme.yaml');
  const theme = readTheme(`${displayDir}/theme.yaml`, themeText ?? '', layers.baseTheme);
  diagnostics.push(...theme.diagnostics);
  const faces = await attachFontFaces(env, theme.theme, theme.fontFiles, dir, `${displayDir}/theme.yaml`);
  diagnostics.push(...faces.diagnostics);
  if (faces.hash !== '') hash.update(`fonts\u0000${faces.hash}`);

  const hb = Handlebars.create();
  for (const [helperName, helper] of Object.entries(builtinHelpers)) hb.registerHelper(helperName, helper as Handlebars.HelperDelegate);
  for (const [helperName, helper] of layers.helpers) hb.registerHelper(helperName, helper);
  for (const [rel, text] of contents) {
    const match = /^partials\/(.+)\.hbs$/.exec(rel);
    if (match) {
      const checked = checkTemplate(fileOf(rel), text);
      if (checked) diagnostics.push(checked);
      else hb.registerPartial(match[1]!, text);
    }
  }
  const templates: Partial<Record<TemplateName, CompiledTemplate>> = {};
  for (const templateName of TEMPLATE_NAMES) {
    const text = contents.get(`${templateName}.hbs`);
    if (text === undefined) continue;
    const file = fileOf(`${templateName}.hbs`);
    const checked = checkTemplate(file, text);
    if (checked) {
      diagnostics.push(checked);
      continue;
    }
    const compiled = hb.compile(text, { strict: true, noEscape: false, preventIndent: true });
    templates[templateName] = { file, render: (context, data) => compiled(context, { data }) };
  }

  const i18n = new Map<string, Record<string, string>>();
  for (const [rel, text] of contents) {
    const match = /^i18n\/([A-Za-z0-9-]+)\.ya?ml$/.exec(rel);
    if (!match) continue;
    try {
      const labels = parseYaml(text) as unknown;
      if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) throw new Error('expected a mapping of label names to text');
      i18n.set(match[1]!.toLowerCase(), Object.fromEntries(Object.entries(labels as Record<string, unknown>).map(([k, v]) => [k, String(v)])));
    } catch (thrown) {
      diagnostics.push(error(fileOf(rel), `cannot read labels: ${messageOf(thrown)}`, { code: 'i18n' }));
    }
  }
  if (!i18n.has('en')) diagnostics.push(error(`${displayDir}/i18n/en.yaml`, 'a template set needs English labels (i18n/en.yaml), the last fallback', { code: 'i18n' }));

  if (diagnostics.length > 0 || !schema) return { ok: false, diagnostics };
  return {
    ok: true,
    set: {
      name,
      dir,
      displayDir,
      schema,
      theme: theme.theme,
      templates,
      labels: (lang) => {
        const lower = lang.toLowerCase();
        const base = lower.split('-')[0]!;
        return { ...i18n.get('en'), ...i18n.get(base), ...i18n.get(lower) };
      },
      hash: hash.digest('hex'),
    },
  };
}

/** Checks a template's Handlebars syntax up front, so each broken template is reported once. */
function checkTemplate(file: string, text: string): Diagnostic | undefined {
  try {
    Handlebars.parse(text);
    return undefined;
  } catch (thrown) {
    const message = messageOf(thrown);
    const line = /line (\d+)/.exec(message);
    const summary = message.split('\n')[0] ?? message;
    return error(file, `template syntax error: ${summary}`, { line: line ? Number(line[1]) : undefined, code: 'template-syntax' });
  }
}

async function listFiles(env: Env, dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await env.readDir(prefix === '' ? dir : `${dir}/${prefix}`)) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.kind === 'dir') out.push(...(await listFiles(env, dir, rel)));
    else if (entry.kind === 'file') out.push(rel);
  }
  return out;
}
