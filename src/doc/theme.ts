import type { FontFile } from '../env/types.js';

/**
 * The theme of a template set (`templates/<set>/theme.yaml`), as every
 * renderer reads it. Colours are `#RRGGBB`; lengths are PostScript points.
 */
export interface Theme {
  page: {
    size: 'A4' | 'Letter';
    margins: { top: number; right: number; bottom: number; left: number };
  };
  colors: {
    /** Headings, header band, title. */
    primary: string;
    /** Key figure values, rules, links. */
    accent: string;
    /** Body text. */
    text: string;
    /** Secondary text: meta lines, captions, footers. */
    muted: string;
    /** Light fill behind key figures and the closing block. */
    surface: string;
  };
  fonts: {
    /** Family name written into DOCX/PPTX styles (editors substitute if missing). */
    body: string;
    heading: string;
    mono: string;
    /**
     * The font files the PDF embeds for body and heading text, when the theme
     * names them (`fonts.files` in theme.yaml); read and checked when the
     * template set loads. Absent: the bundled Noto Sans.
     */
    faces?: ThemeFontFaces;
  };
  /** Where the item's marking goes and how it looks. */
  marking: ThemeMarking;
  /** Base body text size in points (at least 10). */
  bodySize: number;
  /**
   * An optional logo (PNG or JPEG) drawn in the fact sheet's header band in
   * place of the organisation names; the build reads it and passes its bytes
   * as `RenderInput.logo`.
   */
  logo?: ThemeLogo;
}

/** The four faces of a theme's text font, read from files (`FontFile` of the Env). */
export interface ThemeFontFaces {
  regular: FontFile;
  bold: FontFile;
  italic: FontFile;
  boldItalic: FontFile;
}

/** How the item's protective marking is shown in every output. */
export interface ThemeMarking {
  /**
   * `top`: the header of every page and slide; `top-and-bottom`: also the
   * footer of every page and the bottom corner of every slide, as many
   * marking schemes require.
   */
  position: 'top' | 'top-and-bottom';
  /** Shown in capitals (the item's text is kept as written otherwise). */
  uppercase: boolean;
  /** Its colour, `#RRGGBB`, where it sits on white; absent: the primary colour (PDF, DOCX) or muted (slides). Always white on dark bands. */
  color?: string;
}

/** The theme's logo: a file of the template set, its drawn height and its alt text. */
export interface ThemeLogo {
  /** Path relative to the template set's folder, inside it (e.g. `logo.png`). */
  src: string;
  /** Height in points in the header band (default 28). */
  height?: number;
  /** Alternate text; defaults to the item's organisation names. */
  alt?: string;
}

/** The theme used when a template set does not override a key. */
export const defaultTheme: Theme = {
  page: { size: 'A4', margins: { top: 54, right: 50, bottom: 54, left: 50 } },
  colors: {
    primary: '#1B365D',
    accent: '#0072BC',
    text: '#1A1A1A',
    muted: '#5B6770',
    surface: '#EEF3F8',
  },
  fonts: { body: 'Noto Sans', heading: 'Noto Sans', mono: 'DejaVu Sans Mono' },
  marking: { position: 'top', uppercase: false },
  bodySize: 10,
};

/** The marking as the theme shows it (capitals when `marking.uppercase`). */
export function markingText(theme: Pick<Theme, 'marking'>, marking: string): string {
  return theme.marking.uppercase ? marking.toLocaleUpperCase() : marking;
}

/** Page sizes in points (portrait). */
export const PAGE_SIZES: Record<Theme['page']['size'], { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  Letter: { width: 612, height: 792 },
};
