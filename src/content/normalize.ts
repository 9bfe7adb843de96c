import { warning, type Diagnostic } from '../diagnostics/index.js';
import { childPath, locate, type FieldPositions } from './positions.js';

/**
 * What stands in for a character that is not text (a control character, a
 * noncharacter or half of a surrogate pair): U+25A1 WHITE SQUARE, which every
 * bundled font draws. Never U+FFFD, which readers take for a decoding fault.
 */
export const PLACEHOLDER = '\u25A1';

/**
 * C0 controls except tab and line feed, DEL, C1 controls, the noncharacters
 * U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF, and lone surrogates: replaced by
 * PLACEHOLDER. (Carriage returns are line endings and become line feeds first.)
 */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Invisible characters that change how text is ordered or joined and can make
 * text read differently from what it holds ("Trojan Source", CVE-2021-42574):
 * bidi embeddings, overrides and isolates, the zero-width space, the word
 * joiner, a BOM inside text and the Mongolian vowel separator. Kept, with a
 * warning. ZWJ/ZWNJ and the LRM/RLM marks are not listed: emoji sequences and
 * Persian, Arabic and Indic text need them.
 */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\u180E]/g;

/** What the text policy did to one string. */
export interface NormalizedText {
  text: string;
  /** Code points replaced by PLACEHOLDER, in order (`U+001B`). */
  replaced: string[];
  /** Invisible formatting characters kept, in order. */
  invisible: string[];
}

/** A code point as `U+XXXX` (a lone surrogate is its own unit). */
export function codePointName(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The content text policy, applied to every string of an item before
 * validation, so every renderer gets the same text: line endings become
 * `\n` (also U+2028/U+2029), characters that are not text become
 * PLACEHOLDER, and invisible bidi/zero-width characters are kept but
 * reported. Idempotent.
 */
export function normalizeText(value: string): NormalizedText {
  const replaced: string[] = [];
  const invisible: string[] = [];
  let text = value.replace(/\r\n?|[\u2028\u2029]/g, '\n');
  text = text.replace(NOT_TEXT, (ch) => {
    replaced.push(codePointName(ch));
    return PLACEHOLDER;
  });
  for (const match of text.matchAll(INVISIBLE)) invisible.push(codePointName(match[0]));
  return { text, replaced, invisible };
}

function describe(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, 5).join(', ') + (unique.length > 5 ? ', …' : '');
  return `${names.length === 1 ? '1 character' : `${names.length} characters`} (${shown})`;
}

/**
 * Applies `normalizeText` to every string in `data` (copying it; `__proto__`
 * keys stay data) and returns one warning per field and kind of change,
 * naming the file, the value's line and column, and the field path.
 */
export function normalizeStrings(file: string, data: unknown, positions: FieldPositions): { data: unknown; warnings: Diagnostic[] } {
  const warnings: Diagnostic[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const result = normalizeText(value);
      if (result.replaced.length > 0) {
        warnings.push(
          warning(file, `${describe(result.replaced)} that cannot be shown as text replaced by ${PLACEHOLDER}`, {
            ...locate(positions, path),
            path,
            code: 'control-character',
            hints: ['remove control characters, noncharacters and broken surrogate pairs (often pasted from another program)'],
          }),
        );
      }
      if (result.invisible.length > 0) {
        warnings.push(
          warning(file, `${describe(result.invisible)} invisible bidi or zero-width: the text may read differently from what it holds`, {
            ...locate(positions, path),
            path,
            code: 'invisible-character',
            hints: ['remove it unless the text needs it (kept as written)'],
          }),
        );
      }
      return result.text;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, childPath(path, index)));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        Object.defineProperty(out, key, { value: walk((value as Record<string, unknown>)[key], childPath(path, key)), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  };
  return { data: walk(data, ''), warnings };
}
