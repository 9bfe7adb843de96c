/**
 * Text that goes into WordprocessingML: characters XML cannot carry are made
 * visible instead of being dropped by the docx library without a word.
 */

/** What replaces a character XML 1.0 cannot carry, so the reader sees that something was there. */
export const INVALID_CHARACTER_PLACEHOLDER = '□';

/** A string made safe for XML, and the code points that had to be replaced in it. */
export interface SanitizedText {
  text: string;
  /** Code points replaced by the placeholder, in order of first appearance, each once. */
  replaced: number[];
}

function isXmlIllegal(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return code === 0xfffe || code === 0xffff;
}

/**
 * Replaces C0 controls (except tab, line feed, carriage return), U+FFFE,
 * U+FFFF and lone surrogates with the placeholder, reporting each one.
 */
export function sanitizeXmlText(value: string): SanitizedText {
  let text = '';
  const replaced: number[] = [];
  const note = (code: number): void => {
    if (!replaced.includes(code)) replaced.push(code);
  };
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        text += value[i]! + value[i + 1]!;
        i++;
        continue;
      }
      note(unit);
      text += INVALID_CHARACTER_PLACEHOLDER;
      continue;
    }
    if ((unit >= 0xdc00 && unit <= 0xdfff) || isXmlIllegal(unit)) {
      note(unit);
      text += INVALID_CHARACTER_PLACEHOLDER;
      continue;
    }
    text += value[i]!;
  }
  return { text, replaced };
}

/** Names a code point for a diagnostic, e.g. `U+000C (a control character)`. */
export function describeCodePoint(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20) return `${hex} (a control character)`;
  if (code >= 0xd800 && code <= 0xdfff) return `${hex} (a lone surrogate)`;
  return `${hex} (a noncharacter)`;
}
