/**
 * Page furniture of the briefing note: page size and margins from the theme,
 * the theme's logo and the marking in the header of every page, "Page X of
 * Y" in the footer.
 */
import { AlignmentType, Footer, Header, ImageRun, PageNumber, Paragraph, Tab, TabStopType, TextRun, type ISectionOptions } from 'docx';
import { markingText, PAGE_SIZES, type Theme } from '../../doc/theme.js';
import type { Asset } from '../types.js';
import type { DocxSession } from './context.js';
import { StyleId } from './styles.js';

/** Height of the theme's logo in the header when the theme gives none, in points (as in the fact sheet's band). */
export const LOGO_HEIGHT = 28;

/** The logo takes at most this share of the text width, so a centred marking stays clear of it. */
const LOGO_MAX_WIDTH_SHARE = 0.35;

/** The header never starts closer to the page edge than this, in points. */
const MIN_HEADER_DISTANCE = 14;

/** Word sizes images in pixels at 96 per inch; themes measure in points (72 per inch). */
const PIXELS_PER_POINT = 96 / 72;

/** The logo's size in the header in points: the theme's height (or the default), the width by aspect ratio, capped in width. */
export function logoSize(theme: Theme, logo: Asset, textWidth: number): { width: number; height: number } {
  let height = theme.logo?.height ?? LOGO_HEIGHT;
  let width = (height * logo.width) / logo.height;
  const maxWidth = textWidth * LOGO_MAX_WIDTH_SHARE;
  if (width > maxWidth) {
    height = (height * maxWidth) / width;
    width = maxWidth;
  }
  return { width, height };
}

/** Twentieths of a point, Word's unit of page geometry. */
function twips(points: number): number {
  return Math.round(points * 20);
}

/**
 * The page size and margins of the theme, in twips; header and footer sit
 * halfway into the margins. A header holding a logo of `logoHeight` points
 * starts higher when it must, so that the logo fits above the body text.
 */
export function pageProperties(theme: Theme, logoHeight?: number): NonNullable<ISectionOptions['properties']>['page'] {
  const size = PAGE_SIZES[theme.page.size];
  const { top, right, bottom, left } = theme.page.margins;
  const header = logoHeight === undefined ? top / 2 : Math.max(MIN_HEADER_DISTANCE, Math.min(top / 2, top - logoHeight - 10));
  return {
    size: { width: twips(size.width), height: twips(size.height) },
    margin: {
      top: twips(top),
      right: twips(right),
      bottom: twips(bottom),
      left: twips(left),
      header: twips(header),
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

/**
 * The header, on every page including the first: the theme's logo at the
 * left with the marking centred beside it (raised to the logo's middle), or
 * the marking alone; none when the item has neither.
 */
export function pageHeader(session: DocxSession, theme: Theme, logo?: Asset): Header | undefined {
  const marking = session.doc.meta.marking;
  if (!logo) return marking ? new Header({ children: [markingParagraph(session, theme, marking)] }) : undefined;
  const { meta } = session.doc;
  const size = logoSize(theme, logo, session.textArea.width);
  const image = new ImageRun({
    type: logo.mime === 'image/png' ? 'png' : 'jpg',
    data: logo.bytes,
    transformation: { width: Math.round(size.width * PIXELS_PER_POINT), height: Math.round(size.height * PIXELS_PER_POINT) },
    altText: {
      id: String(session.nextDrawingId()),
      name: 'logo',
      description: session.text(theme.logo?.alt ?? (meta.organizations.join(', ') || meta.title)),
    },
  });
  const children: (ImageRun | TextRun)[] = [image];
  if (marking) {
    const color = theme.marking.color?.slice(1);
    // Text sits on the logo's bottom edge; raise it (by whole half points) so its capitals are centred on the logo.
    const capHeight = theme.bodySize * 0.85 * 0.7;
    const raise = Math.max(0, Math.round(size.height - capHeight) / 2);
    children.push(
      new TextRun({
        children: [new Tab(), session.text(markingText(theme, marking))],
        ...(raise > 0 ? { position: `${raise}pt` as const } : {}),
        ...(color ? { color } : {}),
      }),
    );
  }
  return new Header({
    children: [
      new Paragraph({
        style: StyleId.header,
        alignment: AlignmentType.LEFT,
        ...(marking ? { tabStops: [{ type: TabStopType.CENTER, position: twips(session.textArea.width / 2) }] } : {}),
        children,
      }),
    ],
  });
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
