/**
 * What a template set takes from elsewhere: the sets it `extends` (named in
 * its `set.yaml`), the font files its theme names, and the helpers of its
 * `helpers.mjs`. The set loader (`set.ts`) reads the set's own files; this
 * module supplies the layers under them.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type Handlebars from 'handlebars';
import { parseYamlText, yamlLibrary } from '../content/yaml.js';
import { error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import { defaultTheme, type Theme, type ThemeFontFaces } from '../doc/theme.js';
import { fontFileProblem, readSmallFile, resolvePackageFile, themeFontFile, type Env } from '../env/index.js';
import { readTheme, type FontFilesSpec } from './theme.js';
import { PlainText, RawMarkdown } from './values.js';
import type { TemplateSearchPath } from './set.js';

/** The file of a set that names the set it extends. */
export const SET_FILE = 'set.yaml';
/** The file of a set that exports its own Handlebars helpers. */
export const HELPERS_FILE = 'helpers.mjs';

/** How deep `extends` may chain (a set extending a set extending …). */
const MAX_DEPTH = 8;

/** One set's own files, as read from its folder. */
interface RawSet {
  name: string;
  dir: string;
  displayDir: string;
  files: Map<string, string>;
  hash: string;
}

/** What the sets under a set give it. */
export interface SetLayers {
  /** Files of the extended sets the set does not have itself, by path in the set, with the file named in messages. */
  inherited: Map<string, { text: string; display: string }>;
  /** The theme of the extended sets: the set's own theme.yaml is read over it. */
  baseTheme: Theme;
  /** Helpers of every layer's `helpers.mjs`, the set's own last (so they win). */
  helpers: Map<string, Handlebars.HelperDelegate>;
  /** sha256 over the extended sets' files (part of the set's hash). */
  hash: string;
  /** How many `helpers.mjs` files the chain has (set itself included), loaded or not. */
  helperFiles: number;
  diagnostics: Diagnostic[];
}

/** Reads `set.yaml` of a set: the name of the set it extends, if any. */
function readSetFile(display: string, text: string | undefined): { extends?: string; diagnostics: Diagnostic[] } {
  if (text === undefined || text.trim() === '') return { diagnostics: [] };
  let raw: unknown;
  try {
    raw = parseYamlText(text);
  } catch (thrown) {
    return { diagnostics: [error(display, `cannot read the set file: ${messageOf(thrown)}`, { code: 'template-set' })] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { diagnostics: [error(display, 'expected a mapping, e.g. `extends: brief`', { code: 'template-set' })] };
  const diagnostics: Diagnostic[] = [];
  for (const key of Object.keys(raw)) if (key !== 'extends') diagnostics.push(error(display, `unknown key \`${key}\` (known: extends)`, { path: key, code: 'template-set' }));
  const parent = (raw as { extends?: unknown }).extends;
  if (parent === undefined) return { diagnostics };
  if (typeof parent !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(parent)) {
    diagnostics.push(error(display, `\`extends\` expects the name of a template set, e.g. \`brief\` (got \`${String(parent)}\`)`, { path: 'extends', code: 'template-set' }));
    return { diagnostics };
  }
  return { extends: parent, diagnostics };
}

/** The files under `dir` (relative paths, folders walked, dot files skipped), in the Env's order. */
export async function listFiles(env: Env, dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await env.readDir(prefix === '' ? dir : `${dir}/${prefix}`)) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.kind === 'dir') out.push(...(await listFiles(env, dir, rel)));
    else if (entry.kind === 'file') out.push(rel);
  }
  return out;
}

/**
 * Finds and reads a set by name. `after` skips the search folders up to and
 * including the one holding that folder, so a project's `brief` may extend
 * briefkit's own `brief`.
 */
async function readRawSet(env: Env, search: readonly TemplateSearchPath[], name: string, after: string | undefined): Promise<RawSet | undefined> {
  let places = search;
  if (after !== undefined) {
    const index = search.findIndex((p) => resolve(p.dir, name) === resolve(after));
    places = index === -1 ? search : search.slice(index + 1);
  }
  for (const place of places) {
    const dir = `${place.dir}/${name}`;
    let names: string[];
    try {
      names = (await env.readDir(dir)).map((e) => e.name);
    } catch {
      continue;
    }
    if (!names.includes('schema.json') && !names.includes(SET_FILE)) continue;
    const files = new Map<string, string>();
    const hash = createHash('sha256');
    for (const rel of await listFiles(env, dir)) {
      const bytes = await readSmallFile(env, `${dir}/${rel}`);
      hash.update(`${rel}\u0000${bytes.length}\u0000`);
      hash.update(bytes);
      files.set(rel, new TextDecoder().decode(bytes));
    }
    return { name, dir, displayDir: `${place.display}/${name}`, files, hash: hash.digest('hex') };
  }
  return undefined;
}

/** Merges label files: the extended set's labels, then the set's own (by key). */
function mergeLabels(under: string | undefined, over: string): string {
  if (under === undefined) return over;
  try {
    const a = parseYamlText(under);
    const b = parseYamlText(over);
    const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
    // A broken file is left as it is, for the set loader to report.
    if (!isMap(a) || !isMap(b)) return over;
    return yamlLibrary().stringify({ ...a, ...b });
  } catch {
    return over;
  }
}

/**
 * Reads the layers under a set whose own files are `contents`: the chain of
 * sets it extends (each found like any set, the nearest first), their
 * templates, partials and labels (merged label by label), their themes (read
 * base first, each over the last) and every layer's helpers. Label files of
 * the set itself are merged over the inherited ones in `contents`.
 */
export async function readSetLayers(
  env: Env,
  search: readonly TemplateSearchPath[],
  own: { name: string; dir: string; displayDir: string; contents: Map<string, string> },
  chain: readonly string[] = [],
  options: { helpers: boolean } = { helpers: true },
): Promise<SetLayers> {
  const diagnostics: Diagnostic[] = [];
  let helperFiles = 0;
  const layers: RawSet[] = [];
  const seen = [...chain, `${own.dir}`];
  let setText = own.contents.get(SET_FILE);
  let display = `${own.displayDir}/${SET_FILE}`;
  let below = own.dir;
  for (;;) {
    const setFile = readSetFile(display, setText);
    diagnostics.push(...setFile.diagnostics);
    if (setFile.extends === undefined) break;
    const parent = await readRawSet(env, search, setFile.extends, setFile.extends === below.slice(below.lastIndexOf('/') + 1) ? below : undefined);
    if (!parent) {
      diagnostics.push(error(display, `extends \`${setFile.extends}\`, which is not a template set here (looked in ${search.map((s) => s.display).join(', ')})`, { path: 'extends', code: 'template-set' }));
      break;
    }
    if (seen.includes(parent.dir) || layers.length >= MAX_DEPTH) {
      diagnostics.push(error(display, `extends \`${setFile.extends}\`, which leads back to a set already in the chain (${[...layers.map((l) => l.displayDir), parent.displayDir].join(' → ')})`, { path: 'extends', code: 'template-set' }));
      break;
    }
    seen.push(parent.dir);
    layers.push(parent);
    setText = parent.files.get(SET_FILE);
    display = `${parent.displayDir}/${SET_FILE}`;
    below = parent.dir;
  }
  layers.reverse(); // base first

  const inherited = new Map<string, { text: string; display: string }>();
  const hash = createHash('sha256');
  let baseTheme: Theme = defaultTheme;
  const helpers = new Map<string, Handlebars.HelperDelegate>();
  for (const layer of layers) {
    hash.update(`${layer.displayDir}\u0000${layer.hash}\u0000`);
    for (const [rel, text] of layer.files) {
      if (rel === SET_FILE || rel === 'theme.yaml' || rel === HELPERS_FILE) continue;
      const isLabels = /^i18n\/[A-Za-z0-9-]+\.ya?ml$/.test(rel);
      inherited.set(rel, { text: isLabels ? mergeLabels(inherited.get(rel)?.text, text) : text, display: `${layer.displayDir}/${rel}` });
    }
    const themeFile = `${layer.displayDir}/theme.yaml`;
    const theme = readTheme(themeFile, layer.files.get('theme.yaml') ?? '', baseTheme);
    diagnostics.push(...theme.diagnostics);
    const faces = await attachFontFaces(env, theme.theme, theme.fontFiles, layer.dir, themeFile);
    diagnostics.push(...faces.diagnostics);
    hash.update(faces.hash);
    baseTheme = theme.theme;
    if (layer.files.has(HELPERS_FILE)) helperFiles++;
    if (layer.files.has(HELPERS_FILE) && options.helpers) {
      const loaded = await loadHelpers(layer.dir, `${layer.displayDir}/${HELPERS_FILE}`);
      diagnostics.push(...loaded.diagnostics);
      for (const [name, helper] of loaded.helpers) helpers.set(name, helper);
    }
  }
  // The set's own labels go over the inherited ones; its other files replace them.
  for (const [rel, file] of inherited) {
    const ownText = own.contents.get(rel);
    if (ownText === undefined) continue;
    if (/^i18n\//.test(rel)) own.contents.set(rel, mergeLabels(file.text, ownText));
    inherited.delete(rel);
  }
  if (own.contents.has(HELPERS_FILE)) helperFiles++;
  if (own.contents.has(HELPERS_FILE) && options.helpers) {
    const loaded = await loadHelpers(own.dir, `${own.displayDir}/${HELPERS_FILE}`);
    diagnostics.push(...loaded.diagnostics);
    for (const [name, helper] of loaded.helpers) helpers.set(name, helper);
  }
  return { inherited, baseTheme, helpers, hash: hash.digest('hex'), helperFiles, diagnostics };
}

/**
 * Loads a set's `helpers.mjs` (Node caches the module per process): every
 * export, or the members of a default-exported object, must be a function.
 * A module that cannot be loaded or exports anything else is an error naming
 * the file.
 */
export async function loadHelpers(dir: string, display: string): Promise<{ helpers: Map<string, Handlebars.HelperDelegate>; diagnostics: Diagnostic[] }> {
  const helpers = new Map<string, Handlebars.HelperDelegate>();
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(dir, HELPERS_FILE)).href)) as Record<string, unknown>;
  } catch (thrown) {
    return { helpers, diagnostics: [error(display, `cannot load the helpers: ${messageOf(thrown)}`, { code: 'template-helpers', hints: ['helpers.mjs is an ES module: `export function shout(text) { return String(text).toUpperCase(); }`'] })] };
  }
  const exported = module.default !== undefined && typeof module.default === 'object' && module.default !== null ? { ...(module.default as Record<string, unknown>), ...Object.fromEntries(Object.entries(module).filter(([k]) => k !== 'default')) } : module;
  const diagnostics: Diagnostic[] = [];
  for (const [name, value] of Object.entries(exported)) {
    if (typeof value !== 'function') {
      diagnostics.push(error(display, `export \`${name}\` is not a function (a ${value === null ? 'null' : typeof value}); every export of helpers.mjs must be a helper function`, { code: 'template-helpers' }));
    } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      diagnostics.push(error(display, `export \`${name}\` cannot be called from a template (use letters, digits and _)`, { code: 'template-helpers' }));
    } else {
      helpers.set(name, asPlainTextHelper(value as (...args: unknown[]) => unknown));
    }
  }
  return { helpers, diagnostics };
}

/**
 * Wraps a set's own helper so its result goes in like content: a string
 * returned by an inline helper is plain text (escaped for Markdown, so it can
 * never change the document's structure); a block helper's result (made from
 * `options.fn`) is Markdown already and goes in as it is.
 */
function asPlainTextHelper(helper: (...args: unknown[]) => unknown): Handlebars.HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    const result = helper.apply(this, args);
    const options = args[args.length - 1] as { fn?: unknown } | undefined;
    if (typeof result === 'string' && typeof options?.fn !== 'function') return new PlainText(result);
    if (typeof result === 'string') return new RawMarkdown(result);
    return result;
  };
}

/**
 * Reads the font files a theme names (`fonts.files`) and puts them on the
 * theme as `fonts.faces`: an npm package is looked up in the project, then
 * in briefkit's installation; a folder is relative to the set and must stay
 * inside the project (or the set). Each file is checked to be one
 * TrueType/OpenType face. Returns a hash of the bytes for the set's hash.
 */
export async function attachFontFaces(env: Env, theme: Theme, spec: FontFilesSpec | undefined, setDir: string, themeFile: string): Promise<{ diagnostics: Diagnostic[]; hash: string }> {
  if (!spec) return { diagnostics: [], hash: '' };
  const diagnostics: Diagnostic[] = [];
  const hash = createHash('sha256');
  const read: Partial<Record<keyof ThemeFontFaces, Uint8Array>> = {};
  for (const [style, file] of Object.entries(spec.files) as [keyof ThemeFontFaces, string][]) {
    const at = { path: `fonts.files.${style}`, code: 'theme-font' };
    let path: string | undefined;
    if (spec.package !== undefined) {
      const found = resolvePackageFile(env.root, spec.package, file);
      if (!found.path) {
        diagnostics.push(error(themeFile, `font \`${spec.package}/${file}\` not found (looked in ${found.looked.join(' and ')})`, { ...at, hints: [`install the package in the project (npm install ${spec.package}) or check the file name inside it`] }));
        continue;
      }
      path = found.path;
    } else {
      path = resolve(setDir, spec.folder ?? '.', file);
      let real: string;
      try {
        real = await env.realPath(path);
      } catch {
        diagnostics.push(error(themeFile, `font file not found: \`${spec.folder}/${file}\` (relative to the template set)`, at));
        continue;
      }
      const inside = (root: string) => {
        const rel = relative(root, real);
        return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
      };
      let realSet = setDir;
      try {
        realSet = await env.realPath(setDir);
      } catch {
        // Keep the given folder.
      }
      if (!inside(env.root) && !inside(realSet)) {
        diagnostics.push(error(themeFile, `the font \`${spec.folder}/${file}\` leads outside the project`, at));
        continue;
      }
      path = real;
    }
    let bytes: Uint8Array;
    try {
      bytes = await env.readFile(path);
    } catch (thrown) {
      diagnostics.push(error(themeFile, `cannot read the font \`${file}\`: ${messageOf(thrown)}`, at));
      continue;
    }
    const problem = fontFileProblem(bytes);
    if (problem) {
      diagnostics.push(error(themeFile, `the font \`${file}\` ${problem}`, at));
      continue;
    }
    hash.update(`${style}\u0000`);
    hash.update(bytes);
    read[style] = bytes;
  }
  if (diagnostics.length > 0 || !read.regular || !read.bold || !read.italic) return { diagnostics, hash: '' };
  const family = theme.fonts.body;
  theme.fonts.faces = {
    regular: themeFontFile(family, 'regular', read.regular),
    bold: themeFontFile(family, 'bold', read.bold),
    italic: themeFontFile(family, 'italic', read.italic),
    boldItalic: themeFontFile(family, 'boldItalic', read.boldItalic ?? read.bold),
  };
  return { diagnostics, hash: hash.digest('hex') };
}
