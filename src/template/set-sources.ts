/**
 * Reading a template set's files and computing its hash, without compiling
 * anything: shared by the set loader (`set.ts`, which then compiles the
 * schema and templates) and by the build's cache check, which needs only the
 * hash. Nothing here loads Ajv or Handlebars.
 */
import { createHash } from 'node:crypto';
import { yamlLibrary } from '../content/yaml.js';
import { error, type Diagnostic } from '../diagnostics/index.js';
import type { Theme } from '../doc/theme.js';
import { readSmallFile, type Env } from '../env/index.js';
import type { TemplateName } from './formats.js';
import { attachFontFaces, HELPERS_FILE, listFiles, readSetLayers, SET_FILE, type SetLayers } from './layers.js';
import { readTheme } from './theme.js';

/** Where template sets are looked up, first match wins. */
export interface TemplateSearchPath {
  /** Absolute folder holding sets (`<project>/templates`). */
  dir: string;
  /** How the folder is named in messages (`templates`). */
  display: string;
}

/** The templates a set may hold. */
export const TEMPLATE_NAMES: readonly TemplateName[] = ['factsheet', 'briefing', 'outline'];

/** A set's files read, its layers and theme resolved, and its hash. */
export interface SetSources {
  ok: true;
  dir: string;
  displayDir: string;
  /** Every file of the set by relative path, inherited ones included (labels merged). */
  contents: Map<string, string>;
  layers: SetLayers;
  /** The file named in messages for a path of the set (an inherited file names its own set). */
  fileOf: (rel: string) => string;
  theme: Theme;
  /** Faults of theme.yaml and of its font files, located. */
  themeDiagnostics: Diagnostic[];
  /** sha256 over every file of the set, its layers and its theme's fonts. */
  hash: string;
}

/**
 * Finds a set by name and reads everything its hash covers: its own files,
 * the sets it extends, its theme and the theme's font files. With
 * `helpers: false` the layers' `helpers.mjs` modules are not imported.
 */
export async function readSetSources(env: Env, search: readonly TemplateSearchPath[], name: string, options: { helpers: boolean }): Promise<SetSources | { ok: false; diagnostics: Diagnostic[] }> {
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
  const files = await listFiles(env, dir);
  const hash = createHash('sha256');
  const contents = new Map<string, string>();
  for (const rel of files) {
    const bytes = await readSmallFile(env, `${dir}/${rel}`);
    hash.update(`${rel}\u0000${bytes.length}\u0000`);
    hash.update(bytes);
    contents.set(rel, new TextDecoder().decode(bytes));
  }
  // The sets it extends (set.yaml): their files under its own, their theme under its theme.
  const layers = await readSetLayers(env, search, { name, dir, displayDir, contents }, [], options);
  if (layers.inherited.size > 0 || layers.helpers.size > 0) hash.update(`layers\u0000${layers.hash}`);
  const fileOf = (rel: string): string => layers.inherited.get(rel)?.display ?? `${displayDir}/${rel}`;
  for (const [rel, file] of layers.inherited) contents.set(rel, file.text);

  const themeText = contents.get('theme.yaml');
  const themeFile = `${displayDir}/theme.yaml`;
  const theme = readTheme(themeFile, themeText ?? '', layers.baseTheme);
  // readTheme names key paths; add where they are, and keep a YAML error's message to its first line.
  const themeDiagnostics = theme.diagnostics.map((d) => (d.line === undefined ? { ...d, ...locateInYaml(themeText ?? '', d), message: (d.message.split('\n')[0] ?? d.message).replace(/ at line \d+, column \d+:?$/, '') } : d));
  const faces = await attachFontFaces(env, theme.theme, theme.fontFiles, dir, themeFile);
  themeDiagnostics.push(...faces.diagnostics);
  if (faces.hash !== '') hash.update(`fonts\u0000${faces.hash}`);
  return { ok: true, dir, displayDir, contents, layers, fileOf, theme: theme.theme, themeDiagnostics, hash: hash.digest('hex') };
}

/** What the build's cache check needs of a set: its name, hash and templates. */
export interface SetSummary {
  name: string;
  hash: string;
  templates: ReadonlySet<TemplateName>;
}

/**
 * The hash and templates of a set, read without compiling it: equal to what
 * `loadTemplateSet` gives for a set that loads. `undefined` when the set
 * cannot be summed up this way (not found, faults in its set or theme files,
 * or `helpers.mjs` modules, which only loading can judge); the caller then
 * loads the set. Only ever used to confirm a cache hit: an equal hash means
 * the same bytes that loaded before.
 */
export async function templateSetSummary(env: Env, search: readonly TemplateSearchPath[], name: string): Promise<SetSummary | undefined> {
  const sources = await readSetSources(env, search, name, { helpers: false });
  if (!sources.ok || sources.layers.diagnostics.length > 0 || sources.themeDiagnostics.length > 0) return undefined;
  if (sources.layers.helperFiles > 0 || sources.contents.has(HELPERS_FILE)) return undefined;
  const templates = new Set(TEMPLATE_NAMES.filter((template) => sources.contents.has(`${template}.hbs`)));
  return { name, hash: sources.hash, templates };
}


/** The 1-based line and column of a character offset. */
export function pointAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** Where a theme fault's key path (`page.size`) or a YAML parse error's `at line N, column M` is. */
function locateInYaml(text: string, d: Diagnostic): { line?: number; column?: number } {
  const inMessage = /at line (\d+), column (\d+)/.exec(d.message);
  if (inMessage) return { line: Number(inMessage[1]), column: Number(inMessage[2]) };
  if (!d.path) return {};
  return nodeAt(text, d.path.split('.'), true) ?? {};
}

/** The position of the value (or key) at a path in a YAML or JSON text. */
export function nodeAt(text: string, path: readonly (string | number)[], preferKey = false): { line: number; column: number } | undefined {
  try {
    const { isMap, isScalar, parseDocument } = yamlLibrary();
    const doc = parseDocument(text);
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    const last = path[path.length - 1];
    if (preferKey && isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
      if (pair && isScalar(pair.key) && pair.key.range) return pointAt(text, pair.key.range[0]);
    }
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? pointAt(text, node.range[0]) : undefined;
  } catch {
    return undefined;
  }
}

