/**
 * The briefing note's Word styles, defined in code from the theme: every
 * paragraph and character style the handlers name, and the table styles.
 */
import { AlignmentType, BorderStyle, LineRuleType, type IParagraphStyleOptions, type ICharacterStyleOptions, type IStylesOptions } from 'docx';
import type { ParagraphRole } from '../../doc/types.js';
import type { Theme } from '../../doc/theme.js';

/** The style ids the handlers use; names follow Word's built-in styles where Word has one. */
export const StyleId = {
  normal: 'Normal',
  title: 'Title',
  subtitle: 'Subtitle',
  heading1: 'Heading1',
  heading2: 'Heading2',
  heading3: 'Heading3',
  lead: 'Lead',
  meta: 'Meta',
  organizations: 'Organizations',
  attribution: 'Attribution',
  small: 'Small',
  listBullet: 'ListBullet',
  listNumber: 'ListNumber',
  quote: 'Quote',
  quoteAttribution: 'QuoteAttribution',
  caption: 'Caption',
  figure: 'Figure',
  code: 'Code',
  codeChar: 'CodeChar',
  hyperlink: 'Hyperlink',
  rule: 'HorizontalRule',
  header: 'Header',
  footer: 'Footer',
  tableText: 'TableText',
  tableHeading: 'TableHeading',
  keyFigureValue: 'KeyFigureValue',
  keyFigureLabel: 'KeyFigureLabel',
  table: 'BriefingTable',
  keyFiguresTable: 'KeyFiguresTable',
} as const;

/** How many "List Continue" styles exist (`ListContinue`, `ListContinue2` … `ListContinue5`), one per list level. */
export const LIST_CONTINUE_LEVELS = 5;

/** The style id of a paragraph that continues a list item at a nesting level (0-based). */
export function listContinueStyle(level: number): string {
  const n = Math.min(level, LIST_CONTINUE_LEVELS - 1);
  return n === 0 ? 'ListContinue' : `ListContinue${n + 1}`;
}

/** The paragraph style of each paragraph role. */
export const ROLE_STYLES: Record<ParagraphRole, string> = {
  subtitle: StyleId.subtitle,
  meta: StyleId.meta,
  organizations: StyleId.organizations,
  attribution: StyleId.attribution,
  caption: StyleId.caption,
  small: StyleId.small,
};

/** Indentation of list level `n` (0-based) in twips: text starts here, the bullet hangs before it. */
export function listIndent(level: number): { left: number; hanging: number } {
  return { left: 360 * (level + 1), hanging: 360 };
}

/** A theme colour without its `#`, as WordprocessingML wants it. */
export function hex(color: string): string {
  return color.replace(/^#/, '').toUpperCase();
}

/** Half-points, the unit of Word font sizes. */
function halfPoints(points: number): number {
  return Math.round(points * 2);
}

function paragraphStyles(theme: Theme): IParagraphStyleOptions[] {
  const { colors, fonts, bodySize } = theme;
  const heading = { font: fonts.heading, color: hex(colors.primary) };
  const base = { basedOn: StyleId.normal, next: StyleId.normal, quickFormat: true };
  const styles: IParagraphStyleOptions[] = [
    { id: StyleId.normal, name: 'Normal', quickFormat: true },
    {
      id: StyleId.title, name: 'Title', ...base,
      paragraph: { spacing: { before: 0, after: 80 }, keepNext: true, outlineLevel: 0 },
      run: { ...heading, size: halfPoints(bodySize * 2.4), bold: true },
    },
    {
      id: StyleId.subtitle, name: 'Subtitle', ...base,
      paragraph: { spacing: { after: 160 }, keepNext: true },
      run: { font: fonts.heading, color: hex(colors.accent), size: halfPoints(bodySize * 1.3) },
    },
    {
      id: StyleId.heading1, name: 'heading 1', ...base,
      paragraph: {
        spacing: { before: 360, after: 120 }, keepNext: true, keepLines: true, outlineLevel: 0,
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: hex(colors.accent), space: 2 } },
      },
      run: { ...heading, size: halfPoints(bodySize * 1.5), bold: true },
    },
    {
      id: StyleId.heading2, name: 'heading 2', ...base,
      paragraph: { spacing: { before: 240, after: 80 }, keepNext: true, keepLines: true, outlineLevel: 1 },
      run: { ...heading, size: halfPoints(bodySize * 1.25), bold: true },
    },
    {
      id: StyleId.heading3, name: 'heading 3', ...base,
      paragraph: { spacing: { before: 200, after: 60 }, keepNext: true, keepLines: true, outlineLevel: 2 },
      run: { ...heading, size: halfPoints(bodySize * 1.1), bold: true, italics: true },
    },
    {
      id: StyleId.lead, name: 'Lead', ...base,
      paragraph: { spacing: { after: 160, line: 288, lineRule: LineRuleType.AUTO } },
      run: { size: halfPoints(bodySize * 1.2) },
    },
    {
      id: StyleId.meta, name: 'Meta', ...base,
      paragraph: { spacing: { after: 40 } },
      run: { color: hex(colors.muted), size: halfPoints(bodySize * 1.05) },
    },
    {
      id: StyleId.organizations, name: 'Organizations', ...base,
      paragraph: { spacing: { after: 120 } },
      run: { color: hex(colors.accent), size: halfPoints(bodySize * 0.9), bold: true, allCaps: true, characterSpacing: 10 },
    },
    {
      id: StyleId.attribution, name: 'Attribution', ...base,
      paragraph: { spacing: { after: 40 } },
      run: { color: hex(colors.muted), size: halfPoints(bodySize * 0.9), italics: true },
    },
    {
      id: StyleId.small, name: 'Small', ...base,
      run: { color: hex(colors.muted), size: halfPoints(bodySize * 0.9) },
    },
    {
      id: StyleId.listBullet, name: 'List Bullet', ...base,
      paragraph: { spacing: { after: 60 } },
    },
    {
      id: StyleId.listNumber, name: 'List Number', ...base,
      paragraph: { spacing: { after: 60 } },
    },
    {
      id: StyleId.quote, name: 'Quote', ...base, next: StyleId.quote,
      paragraph: {
        spacing: { before: 120, after: 60 }, keepNext: true, indent: { left: 567, right: 567 },
        border: { left: { style: BorderStyle.SINGLE, size: 24, color: hex(colors.accent), space: 8 } },
      },
      run: { italics: true, color: hex(colors.primary), size: halfPoints(bodySize * 1.15) },
    },
    {
      id: StyleId.quoteAttribution, name: 'Quote Attribution', ...base, basedOn: StyleId.attribution,
      paragraph: { spacing: { after: 200 }, indent: { left: 567, right: 567 } },
    },
    {
      id: StyleId.caption, name: 'caption', ...base,
      paragraph: { spacing: { before: 60, after: 240 } },
      run: { color: hex(colors.muted), size: halfPoints(bodySize * 0.9), italics: true },
    },
    {
      id: StyleId.figure, name: 'Figure', ...base, next: StyleId.caption,
      paragraph: { spacing: { before: 120, after: 0, line: 240, lineRule: LineRuleType.AUTO }, keepNext: true, alignment: AlignmentType.LEFT },
    },
    {
      id: StyleId.code, name: 'Code', ...base,
      paragraph: {
        spacing: { before: 60, after: 160, line: 240, lineRule: LineRuleType.AUTO },
        indent: { left: 113, right: 113 },
        shading: { fill: hex(colors.surface), type: 'clear', color: 'auto' },
        border: {
          top: { style: BorderStyle.SINGLE, size: 2, color: hex(colors.surface), space: 4 },
          bottom: { style: BorderStyle.SINGLE, size: 2, color: hex(colors.surface), space: 4 },
          left: { style: BorderStyle.SINGLE, size: 2, color: hex(colors.surface), space: 4 },
          right: { style: BorderStyle.SINGLE, size: 2, color: hex(colors.surface), space: 4 },
        },
      },
      run: { font: fonts.mono, size: halfPoints(bodySize * 0.9), noProof: true },
    },
    {
      id: StyleId.rule, name: 'Horizontal Rule', ...base,
      paragraph: {
        spacing: { before: 120, after: 240, line: 120, lineRule: LineRuleType.AUTO },
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: hex(colors.muted), space: 1 } },
      },
      run: { size: 4 },
    },
    {
      id: StyleId.header, name: 'header', ...base,
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0 } },
      run: { color: hex(colors.primary), size: halfPoints(bodySize * 0.85), bold: true, characterSpacing: 20 },
    },
    {
      id: StyleId.footer, name: 'footer', ...base,
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 0 } },
      run: { color: hex(colors.muted), size: halfPoints(bodySize * 0.85) },
    },
    {
      id: StyleId.tableText, name: 'Table Text', ...base,
      paragraph: { spacing: { before: 40, after: 40 } },
    },
    {
      id: StyleId.tableHeading, name: 'Table Heading', ...base, basedOn: StyleId.tableText,
      paragraph: { keepNext: true },
      run: { bold: true, color: hex(colors.primary) },
    },
    {
      id: StyleId.keyFigureValue, name: 'Key Figure Value', ...base, basedOn: StyleId.tableText,
      run: { font: fonts.heading, bold: true, color: hex(colors.accent), size: halfPoints(bodySize * 1.6) },
    },
    {
      id: StyleId.keyFigureLabel, name: 'Key Figure Label', ...base, basedOn: StyleId.tableText,
    },
  ];
  for (let level = 0; level < LIST_CONTINUE_LEVELS; level++) {
    styles.push({
      id: listContinueStyle(level), name: level === 0 ? 'List Continue' : `List Continue ${level + 1}`, ...base,
      paragraph: { spacing: { after: 60 }, indent: { left: listIndent(level).left } },
    });
  }
  return styles;
}

function characterStyles(theme: Theme): ICharacterStyleOptions[] {
  return [
    {
      id: StyleId.hyperlink, name: 'Hyperlink', uiPriority: 99, unhideWhenUsed: true,
      run: { color: hex(theme.colors.accent), underline: { type: 'single' } },
    },
    {
      id: StyleId.codeChar, name: 'Code Char',
      run: { font: theme.fonts.mono, size: halfPoints(theme.bodySize * 0.9), noProof: true },
    },
  ];
}

/** A `w:style` for a table: borders, cell margins, and a shaded header row. */
function tableStyleXml(id: string, name: string, body: string): string {
  return `<w:style w:type="table" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>${body}</w:style>`;
}

/**
 * The table styles, as a styles part. The docx library has no option for
 * table styles, but it merges an external styles part under the styles given
 * in code, so the two table styles travel that way.
 */
function tableStylesPart(theme: Theme): string {
  const rule = hex(theme.colors.muted);
  const accent = hex(theme.colors.accent);
  const surface = hex(theme.colors.surface);
  const margins = '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="113" w:type="dxa"/><w:bottom w:w="57" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>';
  const briefing = tableStyleXml(
    StyleId.table,
    'Briefing Table',
    `<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="${accent}"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="${accent}"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="${rule}"/></w:tblBorders>${margins}</w:tblPr>` +
      `<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="${accent}"/></w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="${surface}"/></w:tcPr></w:tblStylePr>`,
  );
  const keyFigures = tableStyleXml(
    StyleId.keyFiguresTable,
    'Key Figures Table',
    `<w:tblPr><w:tblBorders><w:insideH w:val="single" w:sz="12" w:space="0" w:color="FFFFFF"/></w:tblBorders>${margins}</w:tblPr>` +
      `<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="${surface}"/><w:vAlign w:val="center"/></w:tcPr>` +
      `<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr><w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="${accent}"/></w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="FFFFFF"/></w:tcPr></w:tblStylePr>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${briefing}${keyFigures}</w:styles>`;
}

/** Everything the Document options need for styles: the styles in code and the table styles part. */
export interface BriefingStyles {
  styles: IStylesOptions;
  externalStyles: string;
}

/** Builds the briefing note's styles from the theme and the document language. */
export function briefingStyles(theme: Theme, lang: string): BriefingStyles {
  return {
    styles: {
      default: {
        document: {
          run: { font: theme.fonts.body, size: halfPoints(theme.bodySize), color: hex(theme.colors.text), language: { value: lang } },
          paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
        },
      },
      paragraphStyles: paragraphStyles(theme),
      characterStyles: characterStyles(theme),
    },
    externalStyles: tableStylesPart(theme),
  };
}
