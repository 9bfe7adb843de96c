import { escapeMarkdownText } from './escape.js';

/**
 * A plain-text content value inside a template context. Handlebars calls
 * `toHTML()` for `{{value}}`, so plain text is escaped for Markdown at merge
 * and can never change the document's structure; helpers read `text`.
 */
export class PlainText {
  constructor(readonly text: string) {}

  /** The value escaped for Markdown (what `{{value}}` inserts). */
  toHTML(): string {
    return escapeMarkdownText(this.text);
  }

  /** The raw text. */
  toString(): string {
    return this.text;
  }
}

/**
 * A Markdown content value inside a template context. `{{value}}` inserts a
 * placeholder (`:md{ref="summary"}`) that the parse stage replaces with the
 * field's own, separately parsed tree, so a field's Markdown can never break
 * out of the place the template gave it.
 */
export class MarkdownRef {
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  /** The placeholder directive. */
  toHTML(): string {
    return `:md{ref="${this.path}"}`;
  }

  /** The raw Markdown source. */
  toString(): string {
    return this.text;
  }
}

/** Markdown already produced by a helper, inserted as it is. */
export class RawMarkdown {
  constructor(readonly markdown: string) {}

  /** The Markdown itself. */
  toHTML(): string {
    return this.markdown;
  }

  /** The Markdown itself. */
  toString(): string {
    return this.markdown;
  }
}

/** Any wrapped content value. */
export type ContentValue = PlainText | MarkdownRef;

/** The text of a context value, whether wrapped or not. */
export function textOf(value: unknown): string {
  if (value instanceof PlainText || value instanceof MarkdownRef) return value.text;
  if (value === null || value === undefined) return '';
  return String(value);
}

/** The Markdown a value inserts, whether wrapped or not. */
export function markdownOf(value: unknown): string {
  if (value instanceof PlainText || value instanceof MarkdownRef || value instanceof RawMarkdown) return value.toHTML();
  if (value === null || value === undefined) return '';
  return escapeMarkdownText(String(value));
}
