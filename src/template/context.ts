import type { SchemaNode } from '../content/validate.js';
import { childPath } from '../content/positions.js';
import { MarkdownRef, PlainText } from './values.js';

/**
 * Builds the Handlebars context of an item: every string wrapped as
 * `PlainText` or `MarkdownRef` by its field path, and every property the
 * schema knows present (as `null` when absent) so strict mode can tell a
 * template's typo from an optional field that was left out.
 */
export function buildContext(data: Record<string, unknown>, schema: SchemaNode, markdownPaths: ReadonlySet<string>): Record<string, unknown> {
  return wrapValue(data, schema, '', markdownPaths) as Record<string, unknown>;
}

function wrapValue(value: unknown, schema: SchemaNode | undefined, path: string, markdownPaths: ReadonlySet<string>): unknown {
  if (typeof value === 'string') {
    if (markdownPaths.has(path)) return new MarkdownRef(path, value);
    return value === '' ? '' : new PlainText(value);
  }
  if (Array.isArray(value)) return value.map((item, index) => wrapValue(item, schema?.items, childPath(path, index), markdownPaths));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(schema?.properties ?? {})) out[key] = null;
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: wrapValue((value as Record<string, unknown>)[key], schema?.properties?.[key], path === '' ? key : `${path}.${key}`, markdownPaths),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
