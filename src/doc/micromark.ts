/**
 * micromark (through mdast-util-from-markdown) with the syntax extensions
 * briefkit reads, loaded on first use. `fast-parse.ts` reads the Markdown
 * templates and fields usually produce, so most runs never need micromark's
 * ~40 modules; loading them only when a text needs them saves every cold start
 * their parse and set-up. They are loaded with `require` (Node ≥ 20.19 loads
 * ES modules that way), which keeps the parsers' callers synchronous.
 */
import type { Root } from 'mdast';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type FromMarkdown = (value: string, options?: { extensions?: unknown[]; mdastExtensions?: unknown[] }) => Root;

interface Loaded {
  fromMarkdown: FromMarkdown;
  generated: { extensions: unknown[]; mdastExtensions: unknown[] };
  field: { extensions: unknown[]; mdastExtensions: unknown[] };
}

let loaded: Loaded | undefined;

function micromark(): Loaded {
  if (loaded) return loaded;
  const { fromMarkdown } = require('mdast-util-from-markdown') as { fromMarkdown: FromMarkdown };
  const { directive } = require('micromark-extension-directive') as typeof import('micromark-extension-directive');
  const { directiveFromMarkdown } = require('mdast-util-directive') as typeof import('mdast-util-directive');
  const { gfmTable } = require('micromark-extension-gfm-table') as typeof import('micromark-extension-gfm-table');
  const { gfmTableFromMarkdown } = require('mdast-util-gfm-table') as typeof import('mdast-util-gfm-table');
  loaded = {
    fromMarkdown,
    generated: { extensions: [directive(), gfmTable()], mdastExtensions: [directiveFromMarkdown(), gfmTableFromMarkdown()] },
    field: { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] },
  };
  return loaded;
}

/** Parses generated Markdown: CommonMark, directives and GFM tables. */
export function parseGenerated(markdown: string): Root {
  const { fromMarkdown, generated } = micromark();
  return fromMarkdown(markdown, generated);
}

/** Parses a Markdown field of an item: CommonMark and GFM tables. */
export function parseField(markdown: string): Root {
  const { fromMarkdown, field } = micromark();
  return fromMarkdown(markdown, field);
}

/** Parses plain CommonMark (a Markdown content file's body). */
export function parseCommonMark(markdown: string): Root {
  return micromark().fromMarkdown(markdown);
}
