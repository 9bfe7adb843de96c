import type { HelperOptions } from 'handlebars';
import { encodeAttribute } from '../escape.js';
import { RawMarkdown, textOf } from '../values.js';

/**
 * Writes a directive's attribute list from named arguments, each value quoted
 * literally; empty and missing values are left out.
 * Example: `::keyfigure{{attrs value=value label=label}}` → `::keyfigure{value="110+" label="experts"}`.
 */
export function attrs(options: HelperOptions): RawMarkdown {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(options.hash as Record<string, unknown>)) {
    const text = textOf(value);
    if (text !== '') parts.push(`${name}=${encodeAttribute(text)}`);
  }
  return new RawMarkdown(`{${parts.join(' ')}}`);
}
