import type { HelperOptions } from 'handlebars';
import { escapeMarkdownText } from '../escape.js';
import { markdownOf, RawMarkdown } from '../values.js';

/**
 * Joins a list of values with a separator (plain text, escaped like content).
 * Example: `{{join organizations " · "}}` → `OSCE · UNODC`.
 */
export function join(list: unknown, separator: unknown, options?: HelperOptions): RawMarkdown {
  const sep = options === undefined || typeof separator !== 'string' ? ', ' : separator;
  const items = Array.isArray(list) ? list : [];
  return new RawMarkdown(items.map(markdownOf).join(escapeMarkdownText(sep)));
}
