import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { parseYamlText } from '../content/yaml.js';
import type { CompiledSchema, SchemaNode } from '../content/validate.js';
import { jsonSyntaxError } from '../content/json-syntax.js';
import { error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import type { Theme } from '../doc/theme.js';
import { builtFileUrl } from '../env/built-files.js';
import type { Env } from '../env/index.js';
import { builtinHelpers } from './helpers/index.js';
import type { TemplateName } from './formats.js';
import { nodeAt, pointAt, readSetSources, TEMPLATE_NAMES, type SetSources, type TemplateSearchPath } from './set-sources.js';

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
  /** Whether the schema and templates came from the set's precompiled module (`precompile.ts`). */
  precompiled: boolean;
}

export type { TemplateSearchPath } from './set-sources.js';

/** The version of the precompiled module layout (`precompile.ts`) this code reads. */
export const PRECOMPILED_FORMAT = 1;

/** The Handlebars options every template is compiled with (here and in `precompile.ts`). */
export const TEMPLATE_OPTIONS = { strict: true, noEscape: false, preventIndent: true } as const;

/** Options of `loadTemplateSet`. */
export interface LoadSetOptions {
  /** Use the set's precompiled module when there is one for its exact bytes (default true). */
  precompiled?: boolean;
  /** Where precompiled modules are (default: dist/template/precompiled/ of this installation). */
  precompiledDir?: URL;
}

/**
 * Loads a template set by name from the first search folder that has it,
 * compiling its schema and templates once. All faults are returned. A set
 * that ships with briefkit has a precompiled module (`precompile.ts`), used
 * when the set's hash matches: then neither Ajv nor Handlebars' compiler is
 * loaded.
 */
export async function loadTemplateSet(env: Env, search: readonly TemplateSearchPath[], name: string, load: LoadSetOptions = {}): Promise<{ ok: true; set: TemplateSet } | { ok: false; diagnostics: Diagnostic[] }> {
  const sources = await readSetSources(env, search, name, { helpers: true });
  if (!sources.ok) return sources;
  const { dir, displayDir, contents, layers, fileOf } = sources;
  const ahead = load.precompiled === false || layers.diagnostics.length > 0 || sources.themeDiagnostics.length > 0 ? undefined : await precompiledSet(sources.hash, load.precompiledDir);
  if (ahead) {
    const labels = readLabels(contents, fileOf, displayDir);
    if (labels.diagnostics.length === 0) return { ok: true, set: await fromPrecompiled(name, sources, ahead, labels.i18n) };
  }
  // Ajv and Handlebars are loaded only when a set is compiled (a no-op rebuild only hashes sets).
  const { createAjv, Handlebars: handlebars } = await import('./compilers.js');
  const diagnostics: Diagnostic[] = [...layers.diagnostics];

  let schema: CompiledSchema | undefined;
  const schemaText = contents.get('schema.json') ?? '';
  const schemaFile = fileOf('schema.json');
  let parsedSchema: SchemaNode | undefined;
  try {
    parsedSchema = JSON.parse(schemaText) as SchemaNode;
  } catch (thrown) {
    const message = messageOf(thrown);
    const found = jsonSyntaxError(schemaText);
    const offset = found?.offset ?? Number(/position (\d+)/.exec(message)?.[1] ?? schemaText.length);
    diagnostics.push(error(schemaFile, `the schema is not valid JSON: ${found?.message ?? message.replace(/ in JSON at position \d+.*$/s, '')}`, { ...pointAt(schemaText, offset), code: 'schema' }));
  }
  if (parsedSchema !== undefined) {
    try {
      if (parsedSchema === null || typeof parsedSchema !== 'object' || Array.isArray(parsedSchema)) throw new Error('expected a JSON object');
      const ajv = createAjv();
      schema = { schema: parsedSchema, validate: ajv.compile(parsedSchema) };
    } catch (thrown) {
      const message = messageOf(thrown);
      diagnostics.push(error(schemaFile, `the schema cannot be used: ${message}`, { ...locateInJson(schemaText, message), code: 'schema' }));
    }
  }

  diagnostics.push(...sources.themeDiagnostics);

  const hb = handlebars.create();
  registerHelpers(hb, layers.helpers);
  const parsed = new Map<string, hbs.AST.Program>();
  for (const [rel, text] of contents) {
    if (!/^(partials\/.+|[^/]+)\.hbs$/.test(rel)) continue;
    const checked = parseTemplate(handlebars, fileOf(rel), text);
    if (checked.ok) parsed.set(rel, checked.ast);
    else diagnostics.push(checked.diagnostic);
  }
  const partialNames = new Set([...contents.keys()].map((rel) => /^partials\/(.+)\.hbs$/.exec(rel)?.[1]).filter((name): name is string => name !== undefined));
  for (const [rel, ast] of parsed) diagnostics.push(...lintTemplate(fileOf(rel), ast, partialNames, new Set(layers.helpers.keys())));
  for (const [rel, text] of contents) {
    const match = /^partials\/(.+)\.hbs$/.exec(rel);
    if (match && parsed.has(rel)) hb.registerPartial(match[1]!, located(fileOf(rel), hb.compile(text, TEMPLATE_OPTIONS)) as unknown as Handlebars.Template);
  }
  const templates: Partial<Record<TemplateName, CompiledTemplate>> = {};
  for (const templateName of TEMPLATE_NAMES) {
    const text = contents.get(`${templateName}.hbs`);
    if (text === undefined || !parsed.has(`${templateName}.hbs`)) continue;
    templates[templateName] = compiledTemplate(fileOf(`${templateName}.hbs`), hb.compile(text, TEMPLATE_OPTIONS));
  }

  const { i18n, diagnostics: labelFaults } = readLabels(contents, fileOf, displayDir);
  diagnostics.push(...labelFaults);

  if (diagnostics.length > 0 || !schema) return { ok: false, diagnostics };
  return {
    ok: true,
    set: {
      name,
      dir,
      displayDir,
      schema,
      theme: sources.theme,
      templates,
      labels: labelsOf(i18n),
      hash: sources.hash,
      precompiled: false,
    },
  };
}

/** The labels of a set's `i18n/<lang>.yaml` files by lower-case language, and their faults. */
function readLabels(contents: ReadonlyMap<string, string>, fileOf: (rel: string) => string, displayDir: string): { i18n: Map<string, Record<string, string>>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const i18n = new Map<string, Record<string, string>>();
  for (const [rel, text] of contents) {
    const match = /^i18n\/([A-Za-z0-9-]+)\.ya?ml$/.exec(rel);
    if (!match) continue;
    try {
      const labels = parseYamlText(text);
      if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) throw new Error('expected a mapping of label names to text');
      i18n.set(match[1]!.toLowerCase(), Object.fromEntries(Object.entries(labels as Record<string, unknown>).map(([k, v]) => [k, String(v)])));
    } catch (thrown) {
      diagnostics.push(error(fileOf(rel), `cannot read labels: ${messageOf(thrown)}`, { code: 'i18n' }));
    }
  }
  if (!i18n.has('en')) diagnostics.push(error(`${displayDir}/i18n/en.yaml`, 'a template set needs English labels (i18n/en.yaml), the last fallback', { code: 'i18n' }));
  return { i18n, diagnostics };
}

/** Labels in a language, falling back to the base language, then English. */
function labelsOf(i18n: ReadonlyMap<string, Record<string, string>>): (lang: string) => Record<string, string> {
  return (lang) => {
    const lower = lang.toLowerCase();
    const base = lower.split('-')[0]!;
    return { ...i18n.get('en'), ...i18n.get(base), ...i18n.get(lower) };
  };
}

/** What a precompiled module gives a loaded set (see `precompile.ts`). */
interface Precompiled {
  validate: CompiledSchema['validate'];
  templates: Record<string, HandlebarsSpec>;
  partials: Record<string, HandlebarsSpec>;
}

type HandlebarsSpec = Parameters<typeof Handlebars.template>[0];

/**
 * bin/load-module.cjs, which loads an ES module like import() but
 * synchronously where Node can: through import(), a precompiled set's module
 * was read through the thread pool, and a cold build sat idle ~5 ms for it.
 * Every module of dist/ (and of src/) sits two folders below the package root.
 */
const { loadModule } = createRequire(import.meta.url)('../../bin/load-module.cjs') as { loadModule(url: URL): Promise<unknown> };

/**
 * The precompiled module of the set with this hash, in
 * dist/template/precompiled/ (reached from dist/template/ or a chunk of
 * dist/bundle/ alike), or in `dir`.
 * `undefined` when there is none (a project's own set, an edited one, or a
 * run from src/), or when it was written for another layout.
 */

async function precompiledSet(hash: string, dir?: URL): Promise<Precompiled | undefined> {
  if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
  const url = dir ? new URL(`${hash}.js`, dir) : builtFileUrl(`precompiled/${hash}.js`);
  if (url.protocol !== 'file:' || !existsSync(url)) return undefined;
  try {
    const module = (await loadModule(url)) as Record<string, unknown>;
    if (module['format'] !== PRECOMPILED_FORMAT || module['hash'] !== hash || typeof module['validate'] !== 'function') return undefined;
    const templates = module['templates'];
    const partials = module['partials'];
    if (templates === null || typeof templates !== 'object' || partials === null || typeof partials !== 'object') return undefined;
    return { validate: module['validate'] as Precompiled['validate'], templates: templates as Precompiled['templates'], partials: partials as Precompiled['partials'] };
  } catch {
    return undefined;
  }
}

/** A loaded set from its sources and its precompiled module, with Handlebars' runtime only. */
async function fromPrecompiled(name: string, sources: SetSources, ahead: Precompiled, i18n: Map<string, Record<string, string>>): Promise<TemplateSet> {
  const imported = (await import('handlebars/runtime.js')) as unknown as { default?: typeof Handlebars };
  const runtime = imported.default ?? (imported as unknown as typeof Handlebars);
  const hb = runtime.create();
  registerHelpers(hb, sources.layers.helpers);
  for (const [partial, spec] of Object.entries(ahead.partials)) hb.registerPartial(partial, located(sources.fileOf(`partials/${partial}.hbs`), hb.template(spec)) as unknown as Handlebars.Template);
  const templates: Partial<Record<TemplateName, CompiledTemplate>> = {};
  for (const templateName of TEMPLATE_NAMES) {
    const spec = ahead.templates[templateName];
    if (spec === undefined) continue;
    templates[templateName] = compiledTemplate(sources.fileOf(`${templateName}.hbs`), hb.template(spec));
  }
  return {
    name,
    dir: sources.dir,
    displayDir: sources.displayDir,
    schema: { schema: JSON.parse(sources.contents.get('schema.json') ?? '') as SchemaNode, validate: ahead.validate },
    theme: sources.theme,
    templates,
    labels: labelsOf(i18n),
    hash: sources.hash,
    precompiled: true,
  };
}

/** A template of the set: its file, and rendering that names the file in every fault. */
function compiledTemplate(file: string, template: TemplateFn): CompiledTemplate {
  const render = located(file, template);
  return { file, render: (context, data) => render(context, { data }) };
}

/** Registers briefkit's helpers and the set's own (`helpers.mjs`), each reporting where it was called. */
function registerHelpers(hb: typeof Handlebars, setHelpers: ReadonlyMap<string, Handlebars.HelperDelegate>): void {
  for (const [helperName, helper] of Object.entries(builtinHelpers)) hb.registerHelper(helperName, locatedHelper(helperName, helper as Handlebars.HelperDelegate));
  for (const [helperName, helper] of setHelpers) hb.registerHelper(helperName, locatedHelper(helperName, helper));
}

/**
 * A fault while running a template, located in the template or partial file
 * it happened in (1-based line and column where Handlebars knows them).
 */
export class TemplateFault extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TemplateFault';
  }
}

/** A helper's own failure, with where in the template it was called. */
class HelperFault extends Error {
  constructor(
    message: string,
    readonly at: { line: number; column: number } | undefined,
  ) {
    super(message);
  }
}

/** Wraps a helper so that what it throws carries the line of the call. */
function locatedHelper(name: string, helper: Handlebars.HelperDelegate): Handlebars.HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return (helper as (...a: unknown[]) => unknown).apply(this, args);
    } catch (thrown) {
      if (thrown instanceof HelperFault || thrown instanceof TemplateFault) throw thrown;
      const loc = (args[args.length - 1] as { loc?: { start?: { line: number; column: number } } } | undefined)?.loc?.start;
      throw new HelperFault(`helper \`${name}\` failed: ${messageOf(thrown)}`, loc ? { line: loc.line, column: loc.column + 1 } : undefined);
    }
  };
}

type TemplateFn = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** Wraps a compiled template or partial so every failure inside it becomes a TemplateFault naming `file`. */
function located(file: string, compiled: TemplateFn): TemplateFn {
  return (context, runtime) => {
    try {
      return compiled(context, runtime);
    } catch (thrown) {
      if (thrown instanceof TemplateFault) throw thrown;
      if (thrown instanceof HelperFault) throw new TemplateFault(thrown.message, file, thrown.at?.line, thrown.at?.column);
      if (thrown instanceof RangeError) throw new TemplateFault('templates nest too deeply (maximum call stack exceeded); is a partial including itself?', file);
      const message = messageOf(thrown);
      const at = / - (\d+):(\d+)$/.exec(message);
      const clean = message.replace(/ - \d+:\d+$/, '').replace(/ in (\[object Object\]|undefined)$/, '').replace(/ in \[object Object\]/, '');
      throw new TemplateFault(clean, file, at ? Number(at[1]) : undefined, at ? Number(at[2]) + 1 : undefined);
    }
  };
}

/** Parses a template's Handlebars syntax up front, so each broken template is reported once, with its line. */
function parseTemplate(handlebars: typeof Handlebars, file: string, text: string): { ok: true; ast: hbs.AST.Program } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, ast: handlebars.parse(text) };
  } catch (thrown) {
    const message = messageOf(thrown);
    const lineCol = / - (\d+):(\d+)$/.exec(message.split('\n')[0] ?? '');
    const line = /line (\d+)/.exec(message);
    const summary = (message.split('\n')[0] ?? message).replace(/ - \d+:\d+$/, '');
    return {
      ok: false,
      diagnostic: error(file, `template syntax error: ${summary}`, {
        line: lineCol ? Number(lineCol[1]) : line ? Number(line[1]) : undefined,
        column: lineCol ? Number(lineCol[2]) + 1 : undefined,
        code: 'template-syntax',
      }),
    };
  }
}

/** Helpers Handlebars itself provides that templates may call. */
const HANDLEBARS_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);

/** Names that reach into prototypes; Handlebars renders them empty, and we refuse them outright. */
const PROTOTYPE_NAMES = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', 'toLocaleString', 'helperMissing', 'blockHelperMissing']);

/**
 * Checks a parsed template before it is ever run: every partial it names
 * exists, every helper it calls is known, it uses no decorators and reads no
 * prototype property — each fault at its line and column.
 */
function lintTemplate(file: string, ast: hbs.AST.Program, partials: ReadonlySet<string>, setHelpers: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (node: hbs.AST.Node) => ({ line: node.loc?.start.line, column: node.loc ? node.loc.start.column + 1 : undefined });
  const known = (name: string) => HANDLEBARS_HELPERS.has(name) || setHelpers.has(name) || Object.prototype.hasOwnProperty.call(builtinHelpers, name);
  const checkPath = (node: hbs.AST.PathExpression) => {
    for (const part of node.parts) {
      if (PROTOTYPE_NAMES.has(part)) out.push(error(file, `\`${node.original}\` reads the prototype property \`${part}\`; templates can only read the item's fields`, { ...at(node), code: 'template-proto' }));
    }
  };
  const checkCall = (node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, always: boolean) => {
    const path = node.path;
    if (path.type !== 'PathExpression') return;
    const p = path as hbs.AST.PathExpression;
    const isCall = always || node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (isCall && !p.data && p.parts.length === 1 && !known(p.parts[0]!)) {
      const names = [...HANDLEBARS_HELPERS, ...Object.keys(builtinHelpers), ...setHelpers].sort();
      out.push(error(file, `unknown helper \`${p.original}\``, { ...at(node), code: 'template-helper', hints: [`known helpers: ${names.join(', ')}`] }));
    }
    if (p.original === 'lookup') {
      for (const param of node.params) {
        if (param.type === 'StringLiteral' && PROTOTYPE_NAMES.has((param as hbs.AST.StringLiteral).value)) {
          out.push(error(file, `\`lookup\` of the prototype property \`${(param as hbs.AST.StringLiteral).value}\`; templates can only read the item's fields`, { ...at(param), code: 'template-proto' }));
        }
      }
    }
  };
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const n = node as hbs.AST.Node & Record<string, unknown>;
    switch (n.type) {
      case 'MustacheStatement':
      case 'BlockStatement':
        checkCall(n as unknown as hbs.AST.MustacheStatement, false);
        break;
      case 'SubExpression':
        checkCall(n as unknown as hbs.AST.SubExpression, true);
        break;
      case 'PathExpression':
        checkPath(n as unknown as hbs.AST.PathExpression);
        return;
      case 'PartialStatement': {
        const name = (n as unknown as hbs.AST.PartialStatement).name;
        if (name.type === 'PathExpression' && !partials.has((name as hbs.AST.PathExpression).original)) {
          out.push(error(file, `partial \`${(name as hbs.AST.PathExpression).original}\` not found`, { ...at(n), code: 'template-partial', hints: [partials.size > 0 ? `partials of this set: ${[...partials].sort().join(', ')}` : 'a partial is a file partials/<name>.hbs in the template set'] }));
        }
        break;
      }
      case 'DecoratorStatement':
      case 'DecoratorBlock':
        out.push(error(file, 'decorators (`{{* …}}`) are not supported', { ...at(n), code: 'template-decorator' }));
        return;
      default:
        break;
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && key !== 'path' && value !== null && typeof value === 'object') visit(value);
    if ('path' in n && n.path && typeof n.path === 'object' && (n.path as hbs.AST.Node).type === 'PathExpression') checkPath(n.path as hbs.AST.PathExpression);
  };
  visit(ast);
  return out;
}

/**
 * Finds where an Ajv schema fault is: the schema path of a strict-mode
 * fault (`at "…#/properties/x"`) or of `schema is invalid: data/properties/x/type …`,
 * else the first quoted name in the message written as a key.
 */
function locateInJson(text: string, message: string): { line?: number; column?: number } {
  const pointer = /#((?:\/[^\s/"]+)+)"/.exec(message)?.[1] ?? /data((?:\/[^\s/]+)+)/.exec(message)?.[1];
  if (pointer) {
    const found = nodeAt(text, pointer.slice(1).split('/').map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~'))));
    if (found) return found;
  }
  const name = /"([^"]+)"/.exec(message)?.[1] ?? /keyword: (\S+)/.exec(message)?.[1];
  if (name) {
    const index = text.indexOf(`"${name}"`);
    if (index !== -1) return pointAt(text, index);
  }
  return {};
}

