/**
 * The content reference: a Markdown page generated from a template set's
 * `schema.json`, so the documentation of the fields can never drift from the
 * schema that validates them (`npm run docs` writes docs/content-reference.md;
 * a test regenerates it and compares).
 */

/** The part of a JSON Schema node the reference reads. */
export interface ReferenceSchema {
  title?: string;
  description?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, ReferenceSchema>;
  items?: ReferenceSchema;
  examples?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  contentMediaType?: string;
  enum?: unknown[];
}

/** One line of a table: a field path and what it takes. */
interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
  example: string;
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** An example as YAML would show it, on one line, in a code span. */
function exampleText(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? (/^[\w .,'’()–-]*$/u.test(value) && !/^\d/.test(value) ? value : JSON.stringify(value)) : JSON.stringify(value, null, 0).replace(/","/g, '", "').replace(/,"/g, ', "').replace(/":/g, '": ');
  return `\`${text.replace(/`/g, "'")}\``;
}

/** The type of a schema node in words: `plain text ≤ 60`, `Markdown`, `list of …`. */
function typeText(node: ReferenceSchema): string {
  const type = Array.isArray(node.type) ? node.type.join(' or ') : node.type;
  if (type === 'string') {
    if (node.contentMediaType === 'text/markdown') return 'Markdown';
    const limits: string[] = [];
    if (node.format === 'date') return 'date `YYYY-MM-DD`';
    if (node.format) limits.push(node.format);
    if (node.pattern) limits.push(`pattern \`${node.pattern}\``);
    if (node.minLength !== undefined && node.minLength > 1) limits.push(`at least ${node.minLength}`);
    if (node.maxLength !== undefined) limits.push(`at most ${node.maxLength} characters`);
    if (node.enum) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
    return ['plain text', ...limits].join(', ');
  }
  if (type === 'array') {
    const count = [node.minItems !== undefined && node.minItems > 0 ? `at least ${node.minItems}` : '', node.maxItems !== undefined ? `at most ${node.maxItems}` : ''].filter(Boolean).join(', ');
    const of = node.items ? (node.items.type === 'object' ? 'entries' : typeText(node.items)) : 'values';
    return `list of ${of}${count ? ` (${count})` : ''}`;
  }
  if (type === 'object') return 'mapping';
  return type ?? 'any';
}

/** Collects the rows of an object's fields, descending into lists of objects and mappings. */
function rows(node: ReferenceSchema, prefix: string, out: Row[]): void {
  const required = new Set(node.required ?? []);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    out.push({ path, type: typeText(child), required: required.has(name), description: child.description ?? '', example: exampleText(child.examples?.[0]) });
    if (child.type === 'object') rows(child, path, out);
    if (child.type === 'array' && child.items?.type === 'object') rows(child.items, `${path}[]`, out);
  }
}

/**
 * Writes the content reference of a template set from its schema: every
 * field with its type, whether it is required, its description and an
 * example, nested fields as `a[].b`.
 */
export function contentReference(schema: ReferenceSchema, setName: string): string {
  const all: Row[] = [];
  rows(schema, '', all);
  const lines = [
    `# Content reference: the \`${setName}\` template set`,
    '',
    `<!-- Generated from templates/${setName}/schema.json by \`npm run docs\`; do not edit by hand (a test fails when it drifts). -->`,
    '',
    schema.description ?? '',
    '',
    'Every field an item may have. `a[].b` is field `b` of each entry of the list `a`. Unknown fields are errors.',
    'Markdown fields take CommonMark (bold, italic, lists, links to http, https or mailto); plain text is shown exactly as written.',
    'How the fields are read and checked is in [content.md](content.md).',
    '',
    '| field | type | required | description | example |',
    '|---|---|---|---|---|',
    ...all.map((r) => `| \`${r.path}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.description)} | ${cell(r.example)} |`),
    '',
    '## A complete item',
    '',
    'Every top-level field with its example, as YAML:',
    '',
    '```yaml',
    `# yaml-language-server: $schema=../templates/${setName}/schema.json`,
    ...Object.entries(schema.properties ?? {})
      .filter(([name, child]) => child.examples !== undefined && name !== 'id' && name !== 'template')
      .map(([name, child]) => `${name}: ${yamlValue(child.examples![0])}`),
    '```',
    '',
  ];
  return lines.join('\n');
}

/** A value as a line of flow-style YAML (JSON is valid YAML; plain words stay bare). */
function yamlValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value.includes('\n')) return `|\n${value.split('\n').map((l) => (l === '' ? '' : `  ${l}`)).join('\n')}`;
    return /^[A-Za-z][\w .,'’()–-]*$/u.test(value) && !/[:#]/.test(value) ? value : JSON.stringify(value);
  }
  return JSON.stringify(value).replace(/,"/g, ', "').replace(/":/g, '": ');
}
