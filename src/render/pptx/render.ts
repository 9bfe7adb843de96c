import { PptxGenJS, type Presentation, type SlideMasterProps, type TableCell, type TextProps } from './pptxgen.js';
import { markingText, type Theme } from '../../doc/theme.js';
import { writeOfficePackage } from '../ooxml/index.js';
import { docToDeck, type Deck, type Slide } from '../deck/index.js';
import { RenderError, type Asset, type RenderInput, type RenderResult, type Renderer } from '../types.js';
import { MasterName, pptxEdit } from './package.js';
import { presentationParts } from './parts.js';
import { bodyLineRuns, hex, richTextRuns, type RunStyle } from './text.js';

// Slide geometry in inches (pptxgenjs' LAYOUT_WIDE, 16:9).
const W = 13.333;
const H = 7.5;
const MARGIN = 0.6;
const TITLE_Y = 0.45;
const TITLE_H = 0.9;
const BODY_Y = 1.55;
const BODY_H = H - BODY_Y - 0.75;
/** Size of body text on content slides, in points; nested bullets are 2 pt smaller. */
const BODY_SIZE = 24;

/** Where each master's title placeholder sits. */
const TITLE_BOX = {
  [MasterName.title]: { x: MARGIN, y: 1.2, w: W - 2 * MARGIN, h: 2.0 },
  [MasterName.content]: { x: MARGIN, y: TITLE_Y, w: W - 2 * MARGIN, h: TITLE_H },
} as const;

/** Height of the theme's logo when the theme gives none, in points (as in the fact sheet's band). */
const LOGO_HEIGHT = 28;

/** The box the logo fits in on the title slide (inches): top left, above the title. */
const LOGO_BOX = { x: MARGIN, y: 0.45, w: (W - 2 * MARGIN) * 0.4, h: 0.7 } as const;

/** The name of the title placeholder both masters define; every slide fills it. */
const TITLE_PLACEHOLDER = 'title';

/**
 * Defines the title and content masters: a title placeholder (so every
 * slide has a real title, for the outline view and screen readers), the
 * marking in the top-right corner, the slide number bottom right.
 */
function defineMasters(pptx: Presentation, deck: Deck, theme: Theme): void {
  const text = deck.meta.marking === undefined ? undefined : markingText(theme, deck.meta.marking);
  // Top right; with `top-and-bottom`, also bottom left (the slide number holds the bottom right).
  const marking = (color: string): SlideMasterProps['objects'] =>
    text
      ? [
          { text: { text, options: { x: W - 4.6, y: 0.12, w: 4.3, h: 0.3, align: 'right', fontFace: theme.fonts.body, fontSize: 10, bold: true, color, lang: deck.meta.lang } } },
          ...(theme.marking.position === 'top-and-bottom'
            ? [{ text: { text, options: { x: MARGIN, y: H - 0.5, w: 4.3, h: 0.3, align: 'left' as const, fontFace: theme.fonts.body, fontSize: 10, bold: true, color, lang: deck.meta.lang } } }]
            : []),
        ]
      : [];
  const title = (master: keyof typeof TITLE_BOX): NonNullable<SlideMasterProps['objects']>[number] => ({
    placeholder: { options: { name: TITLE_PLACEHOLDER, type: 'title', ...TITLE_BOX[master] }, text: '' },
  });
  pptx.defineSlideMaster({
    title: MasterName.title,
    background: { color: hex(theme.colors.primary) },
    objects: [title(MasterName.title), ...(marking('FFFFFF') ?? []), { rect: { x: MARGIN, y: 4.35, w: 1.6, h: 0.06, fill: { color: hex(theme.colors.accent) } } }],
  });
  pptx.defineSlideMaster({
    title: MasterName.content,
    background: { color: 'FFFFFF' },
    objects: [title(MasterName.content), ...(marking(hex(theme.marking.color ?? theme.colors.muted)) ?? []), { rect: { x: 0, y: 0, w: 0.16, h: H, fill: { color: hex(theme.colors.primary) } } }],
    slideNumber: { x: W - 1.1, y: H - 0.5, w: 0.7, h: 0.3, align: 'right', fontFace: theme.fonts.body, fontSize: 10, color: hex(theme.colors.muted) },
  });
}

/** Fits an image of a given pixel size into a box, keeping its aspect ratio, centred. */
function fitImage(asset: Asset, box: { x: number; y: number; w: number; h: number }): { x: number; y: number; w: number; h: number } {
  const scale = Math.min(box.w / asset.width, box.h / asset.height);
  const w = asset.width * scale;
  const h = asset.height * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/**
 * The theme's logo on the title slide, top left: its height from the theme
 * (points), its width by aspect ratio, shrunk to fit the space above the title.
 */
function drawLogo(s: ReturnType<Presentation['addSlide']>, logo: Asset, input: RenderInput): void {
  const { meta } = input.doc;
  let h = (input.theme.logo?.height ?? LOGO_HEIGHT) / 72;
  let w = (h * logo.width) / logo.height;
  const scale = Math.min(1, LOGO_BOX.w / w, LOGO_BOX.h / h);
  h *= scale;
  w *= scale;
  s.addImage({
    data: `${logo.mime};base64,${Buffer.from(logo.bytes).toString('base64')}`,
    x: LOGO_BOX.x, y: LOGO_BOX.y + (LOGO_BOX.h - h) / 2, w, h,
    altText: input.theme.logo?.alt ?? (meta.organizations.join(', ') || meta.title),
    objectName: 'Logo',
  });
}

/** Draws one slide of the plan. */
function drawSlide(pptx: Presentation, slide: Slide, deck: Deck, input: RenderInput): void {
  const { theme } = input;
  const lang = deck.meta.lang;
  const text = hex(theme.colors.text);
  const style: RunStyle = { lang, theme, fontSize: BODY_SIZE, color: text };
  const master = slide.kind === 'title' ? MasterName.title : MasterName.content;
  const s = pptx.addSlide({ masterName: master });
  // The title goes into the master's title placeholder, at the placeholder's place.
  const title = (value: string): void => {
    s.addText([{ text: value, options: { lang } }], {
      placeholder: TITLE_PLACEHOLDER, ...TITLE_BOX[master], align: 'left', fontFace: theme.fonts.heading, fontSize: 30, bold: true,
      color: hex(theme.colors.primary), valign: 'bottom', fit: 'shrink',
    });
  };
  switch (slide.kind) {
    case 'title': {
      s.addText([{ text: slide.title, options: { lang } }], {
        placeholder: TITLE_PLACEHOLDER, ...TITLE_BOX[master], align: 'left', fontFace: theme.fonts.heading, fontSize: 40, bold: true, color: 'FFFFFF', valign: 'bottom', fit: 'shrink',
      });
      if (input.logo) drawLogo(s, input.logo, input);
      const lines: TextProps[] = [];
      if (slide.subtitle) lines.push({ text: slide.subtitle, options: { lang, fontSize: 24, color: 'FFFFFF', breakLine: true, paraSpaceAfter: 10 } });
      for (const line of slide.lines) lines.push({ text: line, options: { lang, fontSize: 16, color: 'DDE6F0', breakLine: true } });
      if (slide.organizations) lines.push({ text: slide.organizations, options: { lang, fontSize: 16, bold: true, color: 'FFFFFF', breakLine: true, paraSpaceBefore: 10 } });
      if (lines.length > 0) s.addText(lines, { x: MARGIN, y: 4.6, w: W - 2 * MARGIN, h: 2.2, fontFace: theme.fonts.body, valign: 'top', fit: 'shrink' });
      break;
    }
    case 'content':
    case 'closing': {
      title(slide.title);
      if (slide.body.length > 0) {
        s.addText(slide.body.flatMap((line) => bodyLineRuns(line, slide.kind === 'closing' ? { ...style, fontSize: BODY_SIZE - 4 } : style)), {
          x: MARGIN, y: BODY_Y + 0.1, w: W - 2 * MARGIN, h: BODY_H - 0.2, valign: 'top', fit: 'shrink', fontFace: theme.fonts.body,
        });
      }
      break;
    }
    case 'keyFigures': {
      title(slide.title);
      const gap = 0.3;
      const n = slide.figures.length;
      const boxW = (W - 2 * MARGIN - gap * 3) / 4;
      const x0 = MARGIN + ((4 - n) * (boxW + gap)) / 2;
      slide.figures.forEach((figure, i) => {
        const x = x0 + i * (boxW + gap);
        s.addShape('rect', { x, y: 2.2, w: boxW, h: 3.2, fill: { color: hex(theme.colors.surface) }, line: { color: hex(theme.colors.surface) } });
        s.addText([{ text: figure.value, options: { lang } }], { x, y: 2.4, w: boxW, h: 1.4, align: 'center', valign: 'middle', fontFace: theme.fonts.heading, fontSize: 54, bold: true, color: hex(theme.colors.accent), fit: 'shrink' });
        s.addText([{ text: figure.label, options: { lang } }], { x: x + 0.2, y: 3.9, w: boxW - 0.4, h: 1.3, align: 'center', valign: 'top', fontFace: theme.fonts.body, fontSize: 16, color: text, fit: 'shrink' });
      });
      break;
    }
    case 'quote': {
      title(slide.title);
      const h = BODY_H / slide.quotes.length;
      slide.quotes.forEach((quote, i) => {
        const y = BODY_Y + i * h;
        s.addText('“', { x: MARGIN, y, w: 0.9, h: 1.0, fontFace: theme.fonts.heading, fontSize: 72, bold: true, color: hex(theme.colors.accent), valign: 'top' });
        s.addText([{ text: quote.text, options: { lang } }], {
          x: MARGIN + 1.0, y: y + 0.15, w: W - 2 * MARGIN - 1.2, h: h - 1.0, fontFace: theme.fonts.body, fontSize: slide.quotes.length > 1 ? 20 : 26, italic: true, color: text, valign: 'top', fit: 'shrink',
        });
        const who: TextProps[] = [{ text: `— ${quote.speaker}`, options: { lang, bold: true, color: hex(theme.colors.primary), breakLine: Boolean(quote.role) } }];
        if (quote.role) who.push({ text: quote.role, options: { lang, color: hex(theme.colors.muted) } });
        s.addText(who, { x: MARGIN + 1.0, y: y + h - 0.85, w: W - 2 * MARGIN - 1.2, h: 0.75, fontFace: theme.fonts.body, fontSize: 14, valign: 'top' });
      });
      break;
    }
    case 'figure': {
      title(slide.title);
      const asset = input.assets.get(slide.src);
      if (!asset) throw new RenderError(`pptx: figure \`${slide.src}\` has no image in the render input (was it read by the build?)`);
      const captionH = slide.caption ? 0.5 : 0;
      const box = fitImage(asset, { x: MARGIN, y: BODY_Y, w: W - 2 * MARGIN, h: BODY_H - captionH });
      s.addImage({ data: `${asset.mime};base64,${Buffer.from(asset.bytes).toString('base64')}`, ...box, altText: slide.alt });
      if (slide.caption) s.addText([{ text: slide.caption, options: { lang } }], { x: MARGIN, y: BODY_Y + BODY_H - captionH, w: W - 2 * MARGIN, h: captionH, align: 'center', fontFace: theme.fonts.body, fontSize: 14, italic: true, color: hex(theme.colors.muted) });
      break;
    }
    case 'table': {
      title(slide.title);
      const cell = (content: Parameters<typeof richTextRuns>[0], header: boolean, col: number): TableCell => ({
        text: richTextRuns(content, { ...style, fontSize: 16, color: header ? 'FFFFFF' : text }),
        options: {
          bold: header,
          fill: { color: header ? hex(theme.colors.primary) : 'FFFFFF' },
          align: slide.align[col] === 'right' ? 'right' : slide.align[col] === 'center' ? 'center' : 'left',
          border: { type: 'solid', pt: 0.75, color: hex(theme.colors.surface) },
        },
      });
      const rows = [slide.header.map((c, i) => cell(c, true, i)), ...slide.rows.map((row) => row.map((c, i) => cell(c, false, i)))];
      s.addTable(rows, { x: MARGIN, y: BODY_Y, w: W - 2 * MARGIN, fontFace: theme.fonts.body, fontSize: 16, autoPage: false });
      break;
    }
  }
  if (slide.notes.length > 0) s.addNotes(slide.notes.join('\n\n'));
}

/**
 * Renders a document as a PowerPoint deck. `pickUp: false` has pptxgenjs
 * write its zip file, which is then unzipped (for tests: the same bytes).
 */
export async function renderPresentation(input: RenderInput, options: { pickUp?: boolean } = {}): Promise<RenderResult> {
  const deck = docToDeck(input.doc);
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = deck.meta.title;
  if (deck.meta.subtitle) pptx.subject = deck.meta.subtitle;
  const { meta } = input.doc;
  pptx.author = meta.organizations.length > 0 ? meta.organizations.join(', ') : 'briefkit';
  pptx.company = meta.organizations.join(', ');
  pptx.theme = { headFontFace: input.theme.fonts.heading, bodyFontFace: input.theme.fonts.body };
  defineMasters(pptx, deck, input.theme);
  for (const slide of deck.slides) drawSlide(pptx, slide, deck, input);
  const { parts } = await presentationParts(pptx, options);
  const keywords = [meta.location, ...meta.organizations].filter((k): k is string => Boolean(k));
  const edit = pptxEdit(deck, input.theme, { creator: pptx.author, keywords, lang: deck.meta.lang });
  return { bytes: writeOfficePackage(parts, input.created, edit), warnings: [] };
}

/** Renders a document as a PowerPoint deck (`ID-slides.pptx`) from the same slide plan as the outline. */
export const renderPptx: Renderer = (input: RenderInput): Promise<RenderResult> => renderPresentation(input);
