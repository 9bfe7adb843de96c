import { createHash } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import Handlebars from 'handlebars';
import { isMap, isScalar, parse as parseYaml, parseDocument } from 'yaml';
import type { CompiledSchema, SchemaNode } from '../content/validate.js';
import { jsonSyntaxError } from '../content/json-syntax.js';
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
      const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
      const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormatsModule as unknown as (a: Ajv2020) => void);
      addFormats(ajv);
      schema = { schema: parsedSchema, validate: ajv.compile(parsedSchema) };
    } catch (thrown) {
      const message = messageOf(thrown);
      diagnostics.push(error(schemaFile, `the schema cannot be used: ${message}`, { ...locateInJson(schemaText, message), code: 'schema' }));
    }
  }

  const themeText = contents.get('theme.yaml');
  const themeFile = `${displayDir}/theme.yaml`;
  const theme = readTheme(themeFile, themeText ?? '', layers.baseTheme);
  // readTheme names key paths; add where they are, and keep a YAML error's message to its first line.
  diagnostics.push(...theme.diagnostics.map((d) => (d.line === undefined ? { ...d, ...locateInYaml(themeText ?? '', d), message: (d.message.split('\n')[0] ?? d.message).replace(/ at line \d+, column \d+:?$/, '') } : d)));
  const faces = await attachFontFaces(env, theme.theme, theme.fontFiles, dir, themeFile);
  diagnostics.push(...faces.diagnostics);
  if (faces.hash !== '') hash.update(`fonts\u0000${faces.hash}`);

  const hb = Handlebars.create();
  for (const [helperName, helper] of Object.entries(builtinHelpers)) hb.registerHelper(helperName, locatedHelper(helperName, helper as Handlebars.HelperDelegate));
  for (const [helperName, helper] of layers.helpers) hb.registerHelper(helperName, locatedHelper(helperName, helper));
  const options = { strict: true, noEscape: false, preventIndent: true } as const;
  const parsed = new Map<string, hbs.AST.Program>();
  for (const [rel, text] of contents) {
    if (!/^(partials\/.+|[^/]+)\.hbs$/.test(rel)) continue;
    const checked = parseTemplate(fileOf(rel), text);
    if (checked.ok) parsed.set(rel, checked.ast);
    else diagnostics.push(checked.diagnostic);
  }
  const partialNames = new Set([...contents.keys()].map((rel) => /^partials\/(.+)\.hbs$/.exec(rel)?.[1]).filter((name): name is string => name !== undefined));
  for (const [rel, ast] of parsed) diagnostics.push(...lintTemplate(fileOf(rel), ast, partialNames, new Set(layers.helpers.keys())));
  for (const [rel, text] of contents) {
    const match = /^partials\/(.+)\.hbs$/.exec(rel);
    if (match && parsed.has(rel)) hb.registerPartial(match[1]!, located(fileOf(rel), hb.compile(text, options)) as unknown as Handlebars.Template);
  }
  const templates: Partial<Record<TemplateName, CompiledTemplate>> = {};
  for (const templateName of TEMPLATE_NAMES) {
    const text = contents.get(`${templateName}.hbs`);
    if (text === undefined || !parsed.has(`${templateName}.hbs`)) continue;
    const file = fileOf(`${templateName}.hbs`);
    const compiled = located(file, hb.compile(text, options));
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
function parseTemplate(file: string, text: string): { ok: true; ast: hbs.AST.Program } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, ast: Handlebars.parse(text) };
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

/** The 1-based line and column of a character offset. */
function pointAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
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

/** Where a theme fault's key path (`page.size`) or a YAML parse error's `at line N, column M` is. */
function locateInYaml(text: string, d: Diagnostic): { line?: number; column?: number } {
  const inMessage = /at line (\d+), column (\d+)/.exec(d.message);
  if (inMessage) return { line: Number(inMessage[1]), column: Number(inMessage[2]) };
  if (!d.path) return {};
  return nodeAt(text, d.path.split('.'), true) ?? {};
}

/** The position of the value (or key) at a path in a YAML or JSON text. */
function nodeAt(text: string, path: readonly (string | number)[], preferKey = false): { line: number; column: number } | undefined {
  try {
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
