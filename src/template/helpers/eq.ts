import { textOf } from '../values.js';

/**
 * Whether two values have the same text.
 * Example: `{{#if (eq lang "ru")}}…{{/if}}`.
 */
export function eq(a: unknown, b: unknown): boolean {
  return textOf(a) === textOf(b);
}
