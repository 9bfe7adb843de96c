import { encodeAttribute } from '../escape.js';
import { RawMarkdown, textOf } from '../values.js';

/**
 * Quotes a value as a directive attribute, literally.
 * Example: `::keyfigure{value={{attr value}}}` → `::keyfigure{value="110+"}`.
 */
export function attr(value: unknown): RawMarkdown {
  return new RawMarkdown(encodeAttribute(textOf(value)));
}
