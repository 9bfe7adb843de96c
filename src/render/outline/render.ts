import { defaultTheme, markingText, type ThemeMarking } from '../../doc/theme.js';
import { docToDeck, type Deck } from '../deck/index.js';
import type { RenderInput, RenderResult, Renderer } from '../types.js';
import { printMarkdown, textNode } from './markdown.js';
import { marpNotes, pandocNotes } from './notes.js';
import { defaultOutlineOptions, type OutlineOptions } from './options.js';
import { slideToMdast } from './slide.js';

/** A value as a YAML double-quoted scalar (JSON strings are valid YAML). */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** Markdown-escaped plain text on one line, for front-matter fields that Marp or Pandoc read as Markdown. */
function inlineMarkdown(value: string): string {
  return printMarkdown({ type: 'paragraph', children: [textNode(value.replace(/\s+/gu, ' ').trim())] }).trim();
}

/** The YAML front matter: Marp's global directives, and the metadata Pandoc makes its title slide from. */
function frontMatter(deck: Deck, options: OutlineOptions, marking: ThemeMarking): string {
  const lines = ['---'];
  if (options.flavor === 'marp') lines.push('marp: true');
  lines.push(`title: ${yamlString(inlineMarkdown(deck.meta.title))}`);
  if (options.flavor === 'pandoc') {
    if (deck.meta.subtitle) lines.push(`subtitle: ${yamlString(inlineMarkdown(deck.meta.subtitle))}`);
    lines.push(`date: ${yamlString(inlineMarkdown(deck.meta.dateText))}`);
  }
  lines.push(`lang: ${yamlString(deck.meta.lang)}`);
  if (options.flavor === 'marp') {
    lines.push('paginate: true');
    if (deck.meta.marking) {
      const text = yamlString(inlineMarkdown(markingText({ marking }, deck.meta.marking)));
      lines.push(`header: ${text}`);
      if (marking.position === 'top-and-bottom') lines.push(`footer: ${text}`);
    }
  }
  lines.push('---', '');
  return lines.join('\n');
}

/** Prints a slide plan as a Markdown outline; `marking` is the theme's marking style (Marp's header and footer). */
export function deckToOutline(deck: Deck, assets: RenderInput['assets'], options: OutlineOptions = defaultOutlineOptions, marking: ThemeMarking = defaultTheme.marking): string {
  const slides = deck.slides.map((slide) => {
    let text = printMarkdown(slideToMdast(slide, assets));
    if (slide.notes.length > 0) text += '\n' + (options.flavor === 'marp' ? marpNotes(slide.notes) : pandocNotes(slide.notes));
    return text;
  });
  return frontMatter(deck, options, marking) + '\n' + slides.join('\n---\n\n');
}

/** Renders a document as a slide-ready Markdown outline (`ID-outline.md`). */
export async function renderOutline(input: RenderInput, options: OutlineOptions = defaultOutlineOptions): Promise<RenderResult> {
  const text = deckToOutline(docToDeck(input.doc), input.assets, options, input.theme.marking);
  return { bytes: new TextEncoder().encode(text), warnings: [] };
}

/** The outline renderer with Marp conventions. */
export const renderOutlineMarp: Renderer = (input) => renderOutline(input, { flavor: 'marp' });

/** The outline renderer with Pandoc conventions (notes in `::: notes`). */
export const renderOutlinePandoc: Renderer = (input) => renderOutline(input, { flavor: 'pandoc' });
