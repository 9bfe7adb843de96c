import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { parse as parseYaml } from 'yaml';
import { run } from './tools.js';

/** A word of a PDF's text layer and its box, in points from the page's top left; pages count from 1. */
export interface PdfWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** As pdftotext writes it (XML entities left as they are). */
  text: string;
}

/** The pages and words of `pdftotext -bbox` (or `-bbox-layout`) output; a box may start past the page's top or left edge (negative). */
export function pdfWords(html: string): { pages: { width: number; height: number }[]; words: PdfWord[] } {
  const pages: { width: number; height: number }[] = [];
  const words: PdfWord[] = [];
  const re = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]) });
    else words.push({ page: pages.length, xMin: Number(m[3]), yMin: Number(m[4]), xMax: Number(m[5]), yMax: Number(m[6]), text: m[7]! });
  }
  return { pages, words };
}

/** The text layer of a PDF, as poppler's pdftotext reads it. */
export function pdfText(file: string): string {
  return run('pdftotext', ['-enc', 'UTF-8', file, '-']);
}

/** A DOCX as Pandoc's JSON AST. */
export function docxJson(file: string): PandocDoc {
  return JSON.parse(run('pandoc', ['-f', 'docx', '-t', 'json', file])) as PandocDoc;
}

/** A DOCX as plain text, through Pandoc. */
export function docxText(file: string): string {
  return run('pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', file]);
}

/** Pandoc's JSON document (only what the tests read). */
export interface PandocDoc {
  blocks: PandocBlock[];
}

/** A Pandoc block or inline element. */
export interface PandocBlock {
  t: string;
  c?: unknown;
}

/** The plain text of any Pandoc JSON value. */
export function pandocText(value: unknown): string {
  if (Array.isArray(value)) return value.map(pandocText).join('');
  if (value && typeof value === 'object') {
    const node = value as PandocBlock;
    if (node.t === 'Str') return String(node.c);
    if (node.t === 'Space' || node.t === 'SoftBreak' || node.t === 'LineBreak') return ' ';
    if (node.t === 'Image' || node.t === 'Link') return pandocText((node.c as unknown[])[1]);
    return node.c === undefined ? '' : pandocText(node.c);
  }
  return '';
}

/** Every block of a Pandoc document, depth first. */
export function pandocBlocks(value: unknown, out: PandocBlock[] = []): PandocBlock[] {
  if (Array.isArray(value)) for (const v of value) pandocBlocks(v, out);
  else if (value && typeof value === 'object' && typeof (value as PandocBlock).t === 'string') {
    out.push(value as PandocBlock);
    pandocBlocks((value as PandocBlock).c, out);
  }
  return out;
}

/** An outline split into front matter (parsed) and its Markdown tree. */
export function outline(file: string): { front: Record<string, unknown>; tree: Root; body: string } {
  const text = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error('outline has no front matter');
  return { front: parseYaml(match[1]!) as Record<string, unknown>, tree: fromMarkdown(text.slice(match[0].length)), body: text.slice(match[0].length) };
}

/** All text of a Markdown tree, HTML comments (speaker notes) and image alt text included; blocks are separated by spaces. */
export function markdownText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'code' || node.type === 'html') return ` ${node.value} `;
  if (node.type === 'image') return ` ${node.alt ?? ''} `;
  if (node.type === 'break') return ' ';
  if ('children' in node) {
    const inner = node.children.map((c) => markdownText(c as Nodes)).join('');
    return node.type === 'paragraph' || node.type === 'heading' || node.type === 'listItem' || node.type === 'tableCell' ? ` ${inner} ` : inner;
  }
  return ' ';
}

/** The text of every slide and notes part of a .pptx, in slide order, and of its masters and layouts. */
export function pptxText(file: string): { slides: string[]; notes: string[]; masters: string[] } {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  const order = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);
  const textOf = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1]!)).join(' ');
  const names = Object.keys(parts);
  return {
    slides: names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => order(a) - order(b)).map((n) => textOf(strFromU8(parts[n]!))),
    notes: names.filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).sort((a, b) => order(a) - order(b)).map((n) => textOf(strFromU8(parts[n]!))),
    masters: names.filter((n) => /^ppt\/(slideMasters|slideLayouts)\/[^/]+\.xml$/.test(n)).sort().map((n) => textOf(strFromU8(parts[n]!))),
  };
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** Removes all white space: extracted PDF text breaks lines (and long words) where the layout did. */
export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}
