/** Slide text as pptxgenjs text runs. */
import type { TextProps, TextPropsOptions } from './pptxgen.js';
import type { Inline } from '../../doc/types.js';
import type { Theme } from '../../doc/theme.js';
import type { BodyLine, RichText } from '../deck/index.js';

/** pptxgenjs wants colours without the `#`. */
export function hex(color: string): string {
  return color.replace(/^#/u, '').toUpperCase();
}

/** U+2060 WORD JOINER: put before a hyperlink that opens a paragraph (see `richTextRuns`). */
export const LINK_LEAD = '\u2060';

/** What every run of a paragraph shares. */
export interface RunStyle {
  lang: string;
  theme: Theme;
  fontSize: number;
  color: string;
  italic?: boolean;
}

/** Converts inline content to runs, bold/italic/links/code kept; a hard break becomes a soft line break. */
export function richTextRuns(text: RichText, style: RunStyle): TextProps[] {
  const runs: TextProps[] = [];
  let softBreak = false;
  const walk = (nodes: readonly Inline[], marks: { bold?: boolean; italic?: boolean; link?: string }): void => {
    for (const node of nodes) {
      if (node.type === 'break') {
        softBreak = true;
        continue;
      }
      if (node.type === 'emphasis') walk(node.children, { ...marks, italic: true });
      else if (node.type === 'strong') walk(node.children, { ...marks, bold: true });
      else if (node.type === 'link') walk(node.children, { ...marks, link: node.url });
      else {
        const options: TextPropsOptions = {
          lang: style.lang,
          fontFace: node.type === 'inlineCode' ? style.theme.fonts.mono : style.theme.fonts.body,
          fontSize: style.fontSize,
          color: marks.link ? hex(style.theme.colors.accent) : style.color,
          bold: marks.bold ?? false,
          italic: marks.italic ?? style.italic ?? false,
        };
        if (marks.link) options.hyperlink = { url: marks.link };
        if (softBreak) options.softBreakBefore = true;
        softBreak = false;
        runs.push({ text: node.value, options });
      }
    }
  };
  walk(text, {});
  // LibreOffice (7.x) draws a hyperlink that opens a paragraph in the text
  // colour, not its own; an invisible word joiner before it keeps the link's colour.
  if (runs[0]?.options?.hyperlink) {
    runs.unshift({ text: LINK_LEAD, options: { lang: style.lang, fontFace: style.theme.fonts.body, fontSize: style.fontSize, color: style.color } });
  }
  return runs.length > 0 ? runs : [{ text: '', options: { lang: style.lang, fontSize: style.fontSize } }];
}

/** Converts one body line to the runs of one paragraph (the last run ends the paragraph). */
export function bodyLineRuns(line: BodyLine, style: RunStyle): TextProps[] {
  const { theme } = style;
  let runs: TextProps[];
  let paragraph: TextPropsOptions = { paraSpaceAfter: 6 };
  switch (line.kind) {
    case 'bullet':
      runs = richTextRuns(line.text, { ...style, fontSize: line.level === 0 ? style.fontSize : style.fontSize - 2 });
      paragraph = {
        ...paragraph,
        bullet: line.ordinal !== undefined ? { type: 'number', numberStartAt: line.ordinal } : { indent: 18 },
        indentLevel: line.level,
      };
      break;
    case 'text':
      runs = richTextRuns(line.text, style);
      break;
    case 'blockquote':
      runs = richTextRuns(line.text, { ...style, italic: true, color: hex(theme.colors.muted) });
      paragraph = { ...paragraph, indentLevel: 1 };
      break;
    case 'subheading':
      runs = [{ text: line.text, options: { lang: style.lang, fontFace: theme.fonts.heading, fontSize: style.fontSize, bold: true, color: hex(theme.colors.primary) } }];
      break;
    case 'code':
      runs = line.value.split('\n').map((text, i) => {
        const options: TextPropsOptions = { lang: style.lang, fontFace: theme.fonts.mono, fontSize: style.fontSize - 4, color: style.color };
        if (i > 0) options.softBreakBefore = true;
        return { text, options };
      });
      break;
  }
  // pptxgenjs starts a new paragraph at every run with a bullet, so only the
  // first run carries the paragraph's properties (see `keepFirstParagraphProperties` in package.ts).
  // Indexed rather than destructured (`[first, ...rest]` copied the runs for every line).
  const first = runs[0];
  const last = runs.length > 1 ? runs[runs.length - 1] : first;
  if (first) first.options = { ...paragraph, ...first.options };
  if (last) last.options = { ...last.options, breakLine: true };
  return runs;
}
