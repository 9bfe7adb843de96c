/** Speaker notes in the two outline flavours. */
import { yamlLibrary } from '../../content/yaml.js';
import { printMarkdown, textNode } from './markdown.js';

/**
 * Makes text safe inside an HTML comment: no two ASCII hyphens in a row (so
 * neither `-->` nor `--!>` can end the comment early, and `<!--` cannot open
 * another), using U+2011 (non-breaking hyphen), which looks the same.
 */
export function neutraliseComment(text: string): string {
  return text.replace(/-(?=-)/gu, '\u2011');
}

// Marp's global and local directive names; a comment whose YAML mapping has
// one of them as a key (also with a `_` or `$` prefix) is a directive, not notes.
const MARP_DIRECTIVES = new Set([
  'theme', 'style', 'headingDivider', 'lang', 'size', 'math', 'title', 'description', 'author', 'image',
  'keywords', 'url', 'marp', 'paginate', 'header', 'footer', 'class', 'backgroundColor', 'backgroundImage',
  'backgroundPosition', 'backgroundRepeat', 'backgroundSize', 'color', 'transition',
]);

/** Any directive name, anywhere (case as Marp writes them). */
const DIRECTIVE_NAME = new RegExp([...MARP_DIRECTIVES].join('|'), 'u');
/** Characters that let YAML spell a key without writing it out: escapes and aliases. */
const SPELLS_KEYS_OTHERWISE = /[\\*]/u;

/**
 * Whether a comment body could be read as directives at all. A key is
 * written out in the text, except through an escape (`\u0074heme`) or an
 * alias (`*a`); a body with no directive name in it and neither of those
 * cannot be a mapping with a directive key, so it is not parsed (and the
 * `yaml` library is not even loaded). Only that: the library's lenient
 * reading finds keys in places no simpler test predicts.
 */
export function mayBeDirectives(body: string): boolean {
  return DIRECTIVE_NAME.test(body) || SPELLS_KEYS_OTHERWISE.test(body);
}

/** Whether Marp would read a comment body as directives instead of presenter notes. */
export function readsAsDirectives(body: string): boolean {
  if (!mayBeDirectives(body)) return false;
  let value: unknown;
  try {
    value = yamlLibrary().parse(body, { schema: 'failsafe', logLevel: 'silent' });
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.keys(value).some((key) => MARP_DIRECTIVES.has(key.replace(/^[_$]/u, '')));
}

/** Notes as one HTML comment, which Marp shows as presenter notes. */
export function marpNotes(notes: readonly string[]): string {
  let body = notes.map(neutraliseComment).join('\n\n');
  // A line of its own before the mapping makes the body invalid YAML, so Marp keeps it as notes.
  if (readsAsDirectives(body)) body = `—\n${body}`;
  return `<!--\n${body}\n-->\n`;
}

/** Notes as a Pandoc `::: notes` block, each note an escaped paragraph. */
export function pandocNotes(notes: readonly string[]): string {
  const body = printMarkdown({ type: 'root', children: notes.map((n) => ({ type: 'paragraph', children: [textNode(n)] })) });
  return `::: notes\n\n${body}\n:::\n`;
}
