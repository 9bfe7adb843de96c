/**
 * Fixes to the parts pptxgenjs writes, applied while the package is
 * normalised: paragraph properties, placeholder references, the theme's
 * colours and the document properties it has no option for.
 */
import type { Theme } from '../../doc/theme.js';
import type { Deck } from '../deck/index.js';
import type { PartEdit } from '../ooxml/index.js';
import { RecentLists } from '../ooxml/recent.js';
import { hex } from './text.js';

/** The names of the two slide masters (and their layouts). */
export const MasterName = { title: 'BRIEFKIT_TITLE', content: 'BRIEFKIT_CONTENT' } as const;

/**
 * pptxgenjs writes an `a:pPr` before every run of a paragraph (the schema
 * allows one, first); readers then take the last one, which drops bullets.
 * Keeps only the first of each paragraph.
 */
export function keepFirstParagraphProperties(xml: string): string {
  // Found with indexOf rather than a regular expression over every paragraph: most
  // paragraphs have one run, so at most one `a:pPr`, and the part is returned as it is.
  let out = '';
  let copied = 0;
  let open = xml.indexOf('<a:p>');
  while (open !== -1) {
    const start = open + 5;
    const close = xml.indexOf('</a:p>', start);
    if (close === -1) break;
    const first = xml.indexOf('<a:pPr', start);
    if (first !== -1 && first < close) {
      const second = xml.indexOf('<a:pPr', first + 1);
      if (second !== -1 && second < close) {
        out += xml.slice(copied, start) + dropLaterParagraphProperties(xml.slice(start, close));
        copied = close;
      }
    }
    open = xml.indexOf('<a:p>', close + 6);
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}

/** The body of a paragraph with only its first `a:pPr`. */
function dropLaterParagraphProperties(body: string): string {
  let seen = false;
  return body.replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/gu, (pPr) => {
    if (seen) return '';
    seen = true;
    return pPr;
  });
}

/**
 * pptxgenjs writes a title placeholder as `<p:ph idx="1xx" type="title"
 * hasCustomPrompt="1"/>` over several lines; PowerPoint writes `<p:ph type="title"/>` (one title per
 * slide needs no index), and a title slide's title is a centred title
 * (`ctrTitle`). Rewrites the title placeholders of a part that way.
 */
export function titlePlaceholders(xml: string, centred: boolean): string {
  return xml.replace(/<p:ph\s[^>]*?\btype="title"[^>]*\/>/gu, `<p:ph type="${centred ? 'ctrTitle' : 'title'}"/>`);
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What the core properties say besides title and subject (which pptxgenjs writes). */
export interface CoreFacts {
  /** The organisations, or briefkit when there are none. */
  creator: string;
  keywords: string[];
  lang: string;
}

/** Core properties as the DOCX writes them: creator = organisations, last modified by briefkit, keywords, language. */
function coreProperties(xml: string, facts: CoreFacts): string {
  const extra = `${facts.keywords.length > 0 ? `<cp:keywords>${escapeXml(facts.keywords.join('; '))}</cp:keywords>` : ''}<dc:language>${escapeXml(facts.lang)}</dc:language>`;
  return xml
    .replace(/<dc:creator>[^<]*<\/dc:creator>/u, `<dc:creator>${escapeXml(facts.creator)}</dc:creator>`)
    .replace(/<cp:lastModifiedBy>[^<]*<\/cp:lastModifiedBy>/u, '<cp:lastModifiedBy>briefkit</cp:lastModifiedBy>')
    .replace(/<\/cp:coreProperties>/u, `${extra}</cp:coreProperties>`);
}

/** The theme part's colour scheme in the theme's colours: dark 2 and accent 1 primary, accent 2 and links accent. */
function themeColours(xml: string, theme: Theme): string {
  const set = (name: string, colour: string) => (text: string) =>
    text.replace(new RegExp(`<a:${name}>[\\s\\S]*?</a:${name}>`, 'u'), `<a:${name}><a:srgbClr val="${hex(colour)}"/></a:${name}>`);
  const edits = [
    set('dk2', theme.colors.primary),
    set('lt2', theme.colors.surface),
    set('accent1', theme.colors.primary),
    set('accent2', theme.colors.accent),
    set('hlink', theme.colors.accent),
    set('folHlink', theme.colors.accent),
  ];
  return edits.reduce((text, edit) => edit(text), xml);
}

const LAST_EDITS_KEYS = 64;
const LAST_EDITS_PER_KEY = 16;
/**
 * The last texts each edit of a part that is the same in most decks (layouts,
 * the theme) was applied to, with the results, most recent first: edits are
 * pure functions of the text and the key, so a result is reused when its text
 * comes again. A layout carries the marking in the deck's language, so a batch
 * has several texts per layout (~15 in the bench's); one per key missed most.
 */
const lastEdits = new RecentLists<{ xml: string; edited: string }>(LAST_EDITS_PER_KEY, LAST_EDITS_KEYS);

function rememberedEdit(key: string, xml: string, edit: (xml: string) => string): string {
  const known = lastEdits.find(key, (last) => last.xml.length === xml.length && last.xml === xml);
  if (known) return known.edited;
  const edited = edit(xml);
  lastEdits.add(key, { xml, edited });
  return edited;
}

/** The edit applied to every XML part of the deck before it is normalised. */
export function pptxEdit(deck: Deck, theme: Theme, facts: CoreFacts): PartEdit {
  const titleSlides = new Set(deck.slides.flatMap((slide, i) => (slide.kind === 'title' ? [`ppt/slides/slide${i + 1}.xml`] : [])));
  const colours = JSON.stringify(theme.colors);
  return (name, xml) => {
    if (name.startsWith('ppt/slideLayouts/') && /^ppt\/slideLayouts\/[^/]+\.xml$/u.test(name)) {
      // A layout's edit depends on its text only.
      return rememberedEdit(name, xml, (text) => titlePlaceholders(keepFirstParagraphProperties(text), text.includes(`<p:cSld name="${MasterName.title}"`)));
    }
    if (/^ppt\/(slides|notesSlides)\/[^/]+\.xml$/u.test(name)) return titlePlaceholders(keepFirstParagraphProperties(xml), titleSlides.has(name));
    if (name === 'docProps/core.xml') return coreProperties(xml, facts);
    if (/^ppt\/theme\/theme\d+\.xml$/u.test(name)) return rememberedEdit(`${name}\u0000${colours}`, xml, (text) => themeColours(text, theme));
    return xml;
  };
}
