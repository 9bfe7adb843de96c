import type { HelperOptions } from 'handlebars';
import { PlainText } from '../values.js';

/**
 * A label of the template set in the item's language (from `i18n/<lang>.yaml`,
 * falling back to the base language, then English).
 * Example: `{{t "key_figures"}}` → `Key figures`.
 */
export function t(key: unknown, options: HelperOptions): PlainText {
  const labels = (options.data as { labels?: Record<string, string> } | undefined)?.labels ?? {};
  const name = String(key);
  const label = labels[name];
  if (label === undefined) throw new Error(`unknown label \`${name}\` (add it to the template set's i18n/en.yaml)`);
  return new PlainText(label);
}
