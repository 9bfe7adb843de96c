import type { HelperOptions } from 'handlebars';
import { textOf } from '../values.js';

/** The item's language, read from the root of the template context. */
export function langOf(options: HelperOptions): string {
  const root = (options.data as { root?: { lang?: unknown } } | undefined)?.root;
  const lang = textOf(root?.lang);
  return lang === '' ? 'en' : lang;
}
