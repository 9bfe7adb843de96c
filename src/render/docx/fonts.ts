/**
 * Font fallbacks of the briefing note. The DOCX names the theme's families
 * and embeds none; the font table tells Word and LibreOffice what kind of
 * face each one is and which common font stands in for it when it is not
 * installed, and the document theme's fonts become the theme's own.
 */
import type { Theme } from '../../doc/theme.js';
import type { PartEdit } from '../ooxml/index.js';

/** What a missing family falls back to: a font every office suite has, and the generic kind. */
interface Fallback {
  altName: string;
  family: 'swiss' | 'roman' | 'modern';
  pitch: 'variable' | 'fixed';
}

const SANS: Fallback = { altName: 'Arial', family: 'swiss', pitch: 'variable' };
const SERIF: Fallback = { altName: 'Times New Roman', family: 'roman', pitch: 'variable' };
const MONO: Fallback = { altName: 'Courier New', family: 'modern', pitch: 'fixed' };

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The fallback of a text family: serif when its name says so, sans otherwise. */
function textFallback(name: string): Fallback {
  return /serif/i.test(name) && !/sans/i.test(name) ? SERIF : SANS;
}

/** The `w:font` entries of the theme's families, each once, in body, heading, mono order. */
export function fontTableEntries(theme: Theme): string {
  const entries = new Map<string, Fallback>();
  for (const name of [theme.fonts.body, theme.fonts.heading]) if (!entries.has(name)) entries.set(name, textFallback(name));
  if (!entries.has(theme.fonts.mono)) entries.set(theme.fonts.mono, MONO);
  return [...entries]
    .map(([name, f]) => {
      const alt = name === f.altName ? '' : `<w:altName w:val="${f.altName}"/>`;
      return `<w:font w:name="${escapeAttribute(name)}">${alt}<w:charset w:val="00"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`;
    })
    .join('');
}

/**
 * Fills the (empty) font table with the theme's families and their
 * fallbacks, and makes the theme part's major and minor Latin fonts the
 * theme's heading and body families, so Word's "theme fonts" are ours.
 */
export function fontEdit(theme: Theme): PartEdit {
  return (name, xml) => {
    if (name === 'word/fontTable.xml') {
      const entries = fontTableEntries(theme);
      return /<w:fonts\b[^>]*\/>/.test(xml)
        ? xml.replace(/<w:fonts\b([^>]*)\/>/, `<w:fonts$1>${entries}</w:fonts>`)
        : xml.replace(/<\/w:fonts>/, `${entries}</w:fonts>`);
    }
    if (/^word\/theme\/theme\d+\.xml$/.test(name)) {
      const latin = (font: string) => `<a:latin typeface="${escapeAttribute(font)}"/>`;
      return xml
        .replace(/(<a:majorFont>\s*)<a:latin\b[^>]*\/>/, `$1${latin(theme.fonts.heading)}`)
        .replace(/(<a:minorFont>\s*)<a:latin\b[^>]*\/>/, `$1${latin(theme.fonts.body)}`);
    }
    return xml;
  };
}
