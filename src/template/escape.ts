/**
 * Escapes plain text for Markdown: a backslash before every ASCII punctuation
 * character (CommonMark allows it before any of them, and it is the one
 * escape that works at line starts, in emphasis, tables, link text and link
 * destinations alike), and line breaks folded into spaces so a value can never
 * start a new block. The parsed text is exactly the input otherwise.
 */
export function escapeMarkdownText(value: string): string {
  return value.replace(/\s*[\r\n]\s*/g, ' ').replace(/[!-/:-@[-`{-~]/g, (ch) => `\\${ch}`);
}

/**
 * Quotes a value for a directive attribute (`name="…"`): the directive
 * parser decodes character references in attribute values, so `&`, `"` and
 * line breaks are written as references and everything else stays literal.
 */
export function encodeAttribute(value: string): string {
  const body = value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
  return `"${body}"`;
}
