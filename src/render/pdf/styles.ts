import type { Theme } from '../../doc/theme.js';

/** How a block of text is set: size, line height, colour, weight, slant, alignment. */
export interface TextStyle {
  size: number;
  /** Distance between baselines, in points. */
  leading: number;
  color: string;
  bold: boolean;
  italic: boolean;
  mono: boolean;
  align: 'left' | 'center' | 'right';
  /** `pre` keeps spaces and line feeds (code); `normal` collapses white space. */
  whitespace: 'normal' | 'pre';
  /** Colour of link text. */
  linkColor: string;
}

/** Every text style and spacing the fact sheet uses, derived from the theme. */
export interface Typography {
  body: TextStyle;
  lead: TextStyle;
  title: TextStyle;
  subtitle: TextStyle;
  organizations: TextStyle;
  meta: TextStyle;
  attribution: TextStyle;
  caption: TextStyle;
  small: TextStyle;
  heading2: TextStyle;
  heading3: TextStyle;
  heading4: TextStyle;
  quote: TextStyle;
  quoteAttribution: TextStyle;
  blockquote: TextStyle;
  code: TextStyle;
  figureValue: TextStyle;
  figureLabel: TextStyle;
  tableHeader: TextStyle;
  tableCell: TextStyle;
  furniture: TextStyle;
  marking: TextStyle;
  /** Organisation names in the header band (on the primary colour). */
  band: TextStyle;
  /** The marking in the header band. */
  bandMarking: TextStyle;
  /** Space between paragraphs of body text. */
  paragraphGap: number;
  /** Indent of a list level and the width of its marker column. */
  listIndent: number;
  colors: Theme['colors'];
}

/** Builds the typography of the fact sheet from a theme (sizes scale with `bodySize`). */
export function typographyOf(theme: Theme): Typography {
  const body = Math.max(10, theme.bodySize);
  const c = theme.colors;
  const style = (size: number, leading: number, color: string, extra: Partial<TextStyle> = {}): TextStyle => ({
    size,
    leading: size * leading,
    color,
    bold: false,
    italic: false,
    mono: false,
    align: 'left',
    whitespace: 'normal',
    linkColor: c.accent,
    ...extra,
  });
  const fine = Math.max(9, body - 1);
  return {
    body: style(body, 1.45, c.text),
    lead: style(body * 1.3, 1.4, c.primary),
    title: style(body * 2.5, 1.15, c.primary, { bold: true }),
    subtitle: style(body * 1.4, 1.3, c.text),
    organizations: style(body, 1.4, c.accent, { bold: true }),
    meta: style(body, 1.4, c.muted),
    attribution: style(body, 1.4, c.muted),
    caption: style(fine, 1.4, c.muted, { italic: true }),
    small: style(body, 1.45, c.text),
    heading2: style(body * 1.5, 1.25, c.primary, { bold: true }),
    heading3: style(body * 1.2, 1.3, c.primary, { bold: true }),
    heading4: style(body * 1.05, 1.35, c.text, { bold: true }),
    quote: style(body * 1.2, 1.4, c.primary, { italic: true }),
    quoteAttribution: style(body, 1.4, c.muted),
    blockquote: style(body, 1.45, c.muted, { italic: true }),
    code: style(body * 0.95, 1.4, c.text, { mono: true, whitespace: 'pre' }),
    figureValue: style(body * 2.4, 1.15, c.accent, { bold: true }),
    figureLabel: style(body, 1.35, c.text),
    tableHeader: style(body, 1.4, c.primary, { bold: true }),
    tableCell: style(body, 1.4, c.text),
    furniture: style(fine, 1.3, c.muted),
    marking: style(fine, 1.3, theme.marking.color ?? c.primary, { bold: true, align: 'center' }),
    band: style(body * 1.2, 1.3, '#FFFFFF', { bold: true, linkColor: '#FFFFFF' }),
    bandMarking: style(fine, 1.3, '#FFFFFF', { bold: true, align: 'right', linkColor: '#FFFFFF' }),
    paragraphGap: body * 0.7,
    listIndent: body * 1.5,
    colors: c,
  };
}
