/**
 * Page furniture of the briefing note: page size and margins from the theme,
 * the marking in the header of every page, "Page X of Y" in the footer.
 */
import { Footer, Header, PageNumber, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { markingText, PAGE_SIZES, type Theme } from '../../doc/theme.js';
import type { DocxSession } from './context.js';
import { StyleId } from './styles.js';

/** Twentieths of a point, Word's unit of page geometry. */
function twips(points: number): number {
  return Math.round(points * 20);
}

/** The page size and margins of the theme, in twips; header and footer sit halfway into the margins. */
export function pageProperties(theme: Theme): NonNullable<ISectionOptions['properties']>['page'] {
  const size = PAGE_SIZES[theme.page.size];
  const { top, right, bottom, left } = theme.page.margins;
  return {
    size: { width: twips(size.width), height: twips(size.height) },
    margin: {
      top: twips(top),
      right: twips(right),
      bottom: twips(bottom),
      left: twips(left),
      header: twips(top / 2),
      footer: twips(bottom / 2),
      gutter: 0,
    },
  };
}

/** The marking as a paragraph of the header or footer style, as the theme shows it (capitals, colour). */
function markingParagraph(session: DocxSession, theme: Theme, marking: string): Paragraph {
  const color = theme.marking.color?.slice(1);
  return new Paragraph({ style: StyleId.header, children: [new TextRun({ text: session.text(markingText(theme, marking)), ...(color ? { color } : {}) })] });
}

/** The header: the marking, on every page including the first; none when the item has no marking. */
export function markingHeader(session: DocxSession, theme: Theme): Header | undefined {
  const marking = session.doc.meta.marking;
  if (!marking) return undefined;
  return new Header({ children: [markingParagraph(session, theme, marking)] });
}

/**
 * The footer: the `pageOf` label with `{page}` and `{pages}` replaced by PAGE
 * and NUMPAGES fields, which Word and LibreOffice compute when they lay out.
 */
export function pageFooter(session: DocxSession, theme: Theme): Footer {
  const children: (string | (typeof PageNumber)[keyof typeof PageNumber])[] = [];
  for (const piece of session.doc.meta.labels.pageOf.split(/(\{page\}|\{pages\})/)) {
    if (piece === '{page}') children.push(PageNumber.CURRENT);
    else if (piece === '{pages}') children.push(PageNumber.TOTAL_PAGES);
    else if (piece !== '') children.push(session.text(piece));
  }
  const counter = new Paragraph({ style: StyleId.footer, children: [new TextRun({ children })] });
  // A theme that wants the marking top and bottom repeats it above the page count.
  const marking = session.doc.meta.marking;
  return new Footer({ children: marking && theme.marking.position === 'top-and-bottom' ? [markingParagraph(session, theme, marking), counter] : [counter] });
}
