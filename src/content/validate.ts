import type { Root } from 'mdast';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { error, warning, type Diagnostic } from '../diagnostics/index.js';
import type { LoadedContent } from './load.js';
import { parseMarkdownField } from './markdown-fields.js';
import { normalizeStrings } from './normalize.js';
import { childPath, locate } from './positions.js';
import { closestName } from './suggest.js';
import { slugify, SLUG_PATTERN } from './ids.js';

/** A JSON Schema node, as far as validation needs to read it. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  contentMediaType?: string;
  description?: string;
  title?: string;
  [keyword: string]: unknown;
}

/** A compiled schema of a template set. */
export interface CompiledSchema {
  schema: SchemaNode;
  validate: ValidateFunction;
}

/** A content item that passed validation, ready to merge into templates. */
export interface Item {
  /** Content file path relative to the project root. */
  file: string;
  id: string;
  template: string;
  lang: string;
  /** The fields, strings normalised (`normalizeText`) and trimmed. */
  data: Record<string, unknown>;
  /** Parsed Markdown fields, keyed by field path. */
  markdown: Map<string, Root>;
  /** Field paths whose values are plain text. */
  plain: Set<string>;
  positions: LoadedContent['positions'];
}

/** The result of validating one item: the item, or every fault found. */
export type ValidateResult = { ok: true; item: Item; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[]; warnings: Diagnostic[] };

/** Reads the template set an item asks for (`template:`), before validation; `fallback` when it names none. */
export function templateOf(content: LoadedContent, fallback = 'brief'): string {
  const value = content.data.template;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/**
 * Checks an item against its template set's schema and the contract's extra
 * rules; reports every fault of the file, not just the first.
 */
export function validateContent(content: LoadedContent, compiled: CompiledSchema, defaultTemplate = 'brief'): ValidateResult {
  const { file, positions } = content;
  const normalized = normalizeStrings(file, content.data, positions);
  const data = trimStrings(normalized.data) as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [...normalized.warnings];

  if (!compiled.validate(data)) {
    diagnostics.push(...schemaDiagnostics(file, compiled, data, content, compiled.validate.errors ?? []));
  }

  const markdown = new Map<string, Root>();
  const plain = new Set<string>();
  walkFields(data, compiled.schema, '', (path, value, schema) => {
    if (schema.contentMediaType === 'text/markdown') {
      const parsed = parseMarkdownField(file, path, value, positions);
      markdown.set(path, parsed.tree);
      diagnostics.push(...parsed.diagnostics);
    } else {
      plain.add(path);
    }
  });

  const quotes = data.quotes;
  if (Array.isArray(quotes)) {
    quotes.forEach((quote, index) => {
      const text = (quote as Record<string, unknown> | null)?.text;
      if (typeof text === 'string' && /^["'“”„«‘’‹»]/u.test(text)) {
        const path = `${childPath('quotes', index)}.text`;
        warnings.push(
          warning(file, 'the quote starts with a quotation mark; the outputs add their own, so it will show twice', {
            ...locate(positions, path),
            path,
            code: 'quote-marks',
            hints: ['write the words without surrounding quotation marks'],
          }),
        );
      }
    });
  }

  const id = typeof data.id === 'string' ? data.id : slugify(baseName(file));
  if (data.id === undefined && !SLUG_PATTERN.test(id)) {
    diagnostics.push(error(file, `cannot derive an id from the file name (got \`${id}\`)`, { line: 1, column: 1, path: 'id', hints: ['add an `id:` field such as `my-item`'] }));
  }

  if (diagnostics.length > 0) return { ok: false, diagnostics, warnings };
  return {
    ok: true,
    item: {
      file,
      id,
      template: typeof data.template === 'string' ? data.template : defaultTemplate,
      lang: typeof data.lang === 'string' ? data.lang : 'en',
      data,
      markdown,
      plain,
      positions,
    },
    warnings,
  };
}

function baseName(file: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Copies plain data with every string trimmed of surrounding white space. */
function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // defineProperty, not assignment: a `__proto__` key stays data and never becomes the prototype.
      Object.defineProperty(out, key, { value: trimStrings((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Calls `fn` for every string value the schema describes. */
function walkFields(value: unknown, schema: SchemaNode | undefined, path: string, fn: (path: string, value: string, schema: SchemaNode) => void): void {
  if (!schema) return;
  if (typeof value === 'string') {
    fn(path, value, schema);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walkFields(item, schema.items, childPath(path, index), fn));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const sub = schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
      walkFields((value as Record<string, unknown>)[key], sub, path === '' ? key : `${path}.${key}`, fn);
    }
  }
}

/** Converts a JSON Pointer (`/a/1/b`) into `a[1].b` notation. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(part) ? childPath(path, Number(part)) : childPath(path, part);
  }
  return path;
}

function schemaAt(root: SchemaNode, path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  const parts = path.match(/\[\d+\]|[^.[\]]+/g) ?? [];
  for (const part of parts) {
    if (!node) return undefined;
    node = part.startsWith('[') ? node.items : node.properties?.[part];
  }
  return node;
}

function valueAt(data: unknown, path: string): unknown {
  let node: unknown = data;
  const parts = path.match(/\[\d+\]|[^.[\]]+/g) ?? [];
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    const key = part.startsWith('[') ? Number(part.slice(1, -1)) : part;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function describeType(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `a number (${String(value)})`;
  if (typeof value === 'boolean') return `${String(value)} (a yes/no value)`;
  return `a ${typeof value}`;
}

const TYPE_WORDS: Record<string, string> = { string: 'a string', array: 'a list', object: 'a mapping', number: 'a number', integer: 'a whole number', boolean: 'true or false' };

/** Turns Ajv's errors into one diagnostic per fault, in the contract's words. */
function schemaDiagnostics(file: string, compiled: CompiledSchema, data: Record<string, unknown>, content: LoadedContent, errors: ErrorObject[]): Diagnostic[] {
  const { positions } = content;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const unknownByParent = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') {
      const parent = pointerToPath(e.instancePath);
      const list = unknownByParent.get(parent) ?? [];
      list.push(String((e.params as { additionalProperty: string }).additionalProperty));
      unknownByParent.set(parent, list);
    }
  }
  const push = (d: Diagnostic) => {
    const key = `${d.path}\u0000${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(d);
  };
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    if (e.schemaPath.includes('/anyOf/')) continue; // reported once by the anyOf error itself
    const value = valueAt(data, path);
    const schema = schemaAt(compiled.schema, path);
    switch (e.keyword) {
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        const fieldPath = childPath(path, missing);
        const near = closestName(missing, unknownByParent.get(path) ?? []);
        push(
          error(file, `missing required field \`${missing}\``, {
            ...(locate(positions, path) ?? { line: 1, column: 1 }),
            path: fieldPath,
            code: 'missing-field',
            hints: near ? [`did you mean to write \`${missing}\` instead of \`${near}\`?`] : undefined,
          }),
        );
        break;
      }
      case 'additionalProperties': {
        const name = String((e.params as { additionalProperty: string }).additionalProperty);
        const fieldPath = childPath(path, name);
        const allowed = Object.keys(schema?.properties ?? {});
        const near = closestName(name, allowed);
        push(
          error(file, `unknown field \`${name}\``, {
            ...(locate(positions, fieldPath, true) ?? { line: 1, column: 1 }),
            path: fieldPath,
            code: 'unknown-field',
            hints: near ? [`did you mean \`${near}\`?`] : allowed.length > 0 ? [`known fields here: ${allowed.join(', ')}`] : undefined,
          }),
        );
        break;
      }
      case 'type': {
        const expected = String((e.params as { type: string }).type);
        const words = TYPE_WORDS[expected] ?? expected;
        const hints = expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? [`put it in quotes: "${String(value)}"`] : undefined;
        push(error(file, `expected ${words}, got ${describeType(value)}`, { ...locate(positions, path), path, code: 'type', hints }));
        break;
      }
      case 'maxLength': {
        const limit = Number((e.params as { limit: number }).limit);
        const length = typeof value === 'string' ? [...value].length : 0;
        push(error(file, `expected a string of at most ${limit} characters (this one has ${length})`, { ...locate(positions, path), path, code: 'too-long' }));
        break;
      }
      case 'minLength':
        push(error(file, 'must not be empty', { ...locate(positions, path), path, code: 'empty-value' }));
        break;
      case 'maxItems': {
        const limit = Number((e.params as { limit: number }).limit);
        const count = Array.isArray(value) ? value.length : 0;
        push(error(file, `expected at most ${limit} entries (found ${count})`, { ...locate(positions, path), path, code: 'too-many' }));
        break;
      }
      case 'minItems': {
        const limit = Number((e.params as { limit: number }).limit);
        push(error(file, `expected at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`, { ...locate(positions, path), path, code: 'too-few' }));
        break;
      }
      case 'pattern':
        push(error(file, patternMessage(path, value), { ...locate(positions, path), path, code: 'pattern' }));
        break;
      case 'format': {
        const format = String((e.params as { format: string }).format);
        push(error(file, formatMessage(format, value), { ...locate(positions, path), path, code: 'format' }));
        break;
      }
      case 'anyOf': {
        const options = ((schema?.anyOf as SchemaNode[] | undefined) ?? [])
          .flatMap((s) => s.required ?? [])
          .map((name) => `\`${name}\``);
        const empty = ((schema?.anyOf as SchemaNode[] | undefined) ?? [])
          .flatMap((s) => s.required ?? [])
          .filter((name) => value !== null && typeof value === 'object' && Array.isArray((value as Record<string, unknown>)[name]) && ((value as Record<string, unknown>)[name] as unknown[]).length === 0);
        const why = empty.length > 0 ? ` (${empty.map((name) => `\`${name}\``).join(', ')} is an empty list)` : '';
        push(error(file, `needs at least one of ${options.join(' or ')}${why}`, { ...locate(positions, path), path, code: 'any-of' }));
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => `\`${String(v)}\``).join(', ');
        push(error(file, `expected one of ${allowed}`, { ...locate(positions, path), path, code: 'enum' }));
        break;
      }
      default:
        push(error(file, e.message ?? `fails the schema rule \`${e.keyword}\``, { ...locate(positions, path), path, code: e.keyword }));
    }
  }
  return out;
}

function patternMessage(path: string, value: unknown): string {
  const got = typeof value === 'string' ? ` (got \`${value}\`)` : '';
  const last = path.slice(path.lastIndexOf('.') + 1);
  if (last === 'id') return `expected a slug: lower-case letters, digits and hyphens, starting with a letter or digit, at most 80 characters${got}`;
  if (last === 'lang') return `expected a BCP 47 language tag such as \`en\`, \`en-GB\` or \`fr\`${got}`;
  if (last === 'url') return `expected an http:// or https:// address${got}`;
  return `does not have the expected form${got}`;
}

function formatMessage(format: string, value: unknown): string {
  const got = typeof value === 'string' ? `, got \`${value}\`` : '';
  switch (format) {
    case 'date':
      return `expected a date written YYYY-MM-DD that exists on the calendar${got}`;
    case 'email':
      return `expected an email address${got}`;
    case 'uri':
      return `expected a full URL such as https://example.org/page${got}`;
    default:
      return `expected the format \`${format}\`${got}`;
  }
}
