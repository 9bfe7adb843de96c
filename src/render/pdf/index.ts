import PDFDocument from 'pdfkit';
import { warning, type Diagnostic } from '../../diagnostics/index.js';
import { PAGE_SIZES } from '../../doc/theme.js';
import type { Block, Doc } from '../../doc/types.js';
import { RenderError, type RenderInput, type RenderResult, type Renderer } from '../types.js';
import { BuildContext } from './context.js';
import { FontBook } from './fonts.js';
import { drawFurniture } from './furniture.js';
import { pdfHandlers } from './handlers/index.js';
import { paginate, type BodyArea, type FlowParts } from './paginate.js';
import { LOGO_KEY, Painter, selectFont, type EmbeddedImage } from './painter.js';
import { typographyOf } from './styles.js';
import { Tagger } from './tags.js';
import { escapeXmpMetadata } from './metadata.js';
import { collectOutput } from './output.js';

/** Options of the PDF fact sheet renderer. */
export interface PdfOptions {
  /** Columns of the body under the full-width header (title block, lead, key figures): 1 or 2. */
  columns: 1 | 2;
  /** End the columns of the body's last page level. */
  balance: boolean;
  /** Deflate page content and fonts (off only to inspect the PDF by eye). */
  compress: boolean;
}

/** The defaults: two balanced columns, compressed. */
export const defaultPdfOptions: PdfOptions = { columns: 2, balance: true, compress: true };

/** The fixed Producer string: no version or date, so output does not drift. */
const PRODUCER = 'briefkit PDF renderer (pdfkit)';

function figureSources(blocks: Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.type === 'figure') return [block.src];
    if ('children' in block && Array.isArray(block.children)) return figureSources(block.children.filter((c): c is Block => 'type' in c && c.type !== 'text'));
    return [];
  });
}

// Embeds every image once, in document order (the logo first), before
// layout: pdfkit decodes PNGs with alpha asynchronously, and letting that race
// with page output would reorder objects and break byte-identical output.
async function embedImages(pdf: PDFKit.PDFDocument, doc: Doc, input: RenderInput): Promise<Map<string, EmbeddedImage>> {
  const images = new Map<string, EmbeddedImage>();
  const sources = [...(input.logo ? [LOGO_KEY] : []), ...figureSources(doc.children)];
  for (const src of sources) {
    if (images.has(src)) continue;
    const asset = src === LOGO_KEY ? input.logo : input.assets.get(src);
    if (!asset) throw new RenderError(`image \`${src}\` is not among the render input's assets`);
    if (asset.mime !== 'image/png' && asset.mime !== 'image/jpeg') throw new RenderError(`image \`${src}\` is ${String(asset.mime)}; the fact sheet takes PNG or JPEG`);
    if (asset.width <= 0 || asset.height <= 0) throw new RenderError(`image \`${src}\` has no size`);
    // openImage and embed are public pdfkit methods its typings lack.
    const opener = pdf as unknown as { openImage(src: Buffer): EmbeddedImage & { embed(d: PDFKit.PDFDocument): void } };
    const image = opener.openImage(Buffer.from(asset.bytes.buffer, asset.bytes.byteOffset, asset.bytes.byteLength));
    image.embed(pdf);
    const pending = image as unknown as { image?: unknown };
    for (let tries = 0; 'image' in pending && pending.image !== null; tries++) {
      if (tries > 10_000) throw new RenderError(`image \`${src}\` could not be decoded`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    images.set(src, image);
  }
  return images;
}

const HEADER_TYPES = new Set<Block['type']>(['titleBlock', 'lead', 'keyFigures']);

/**
 * Cuts the top-level blocks into the full-width header (title block, lead and
 * key figures at the start, with any heading that introduces one of them), the
 * body that flows in columns, and the closing blocks at the end (full width
 * under two columns).
 */
export function flowParts(blocks: Block[], columns: 1 | 2): [Block[], Block[], Block[]] {
  let split = 0;
  while (split < blocks.length) {
    const block = blocks[split]!;
    if (HEADER_TYPES.has(block.type)) split++;
    else if (block.type === 'heading' && block.depth <= 2 && blocks[split + 1] && HEADER_TYPES.has(blocks[split + 1]!.type) && blocks[split + 1]!.type !== 'titleBlock') split += 2;
    else break;
  }
  let end = blocks.length;
  if (columns > 1) while (end > split && blocks[end - 1]!.type === 'closing') end--;
  return [blocks.slice(0, split), blocks.slice(split, end), blocks.slice(end)];
}

/** Renders the PDF fact sheet with the given options. */
export function createPdfRenderer(options: Partial<PdfOptions> = {}): Renderer {
  const settings: PdfOptions = { ...defaultPdfOptions, ...options };
  return async (input) => renderWith(input, settings);
}

async function renderWith(input: RenderInput, options: PdfOptions): Promise<RenderResult> {
  const { doc, theme } = input;
  // A theme that names its own font files draws body and heading text with
  // them; monospace and the coverage fallbacks stay the bundled ones.
  const fonts = theme.fonts.faces ? { ...input.fonts, primary: theme.fonts.faces } : input.fonts;
  const meta = doc.meta;
  const type = typographyOf(theme);
  const paper = PAGE_SIZES[theme.page.size];
  if (!paper) throw new RenderError(`unknown page size \`${String(theme.page.size)}\``);
  const margins = theme.page.margins;
  const area: BodyArea = { x: margins.left, y: margins.top, width: paper.width - margins.left - margins.right, height: paper.height - margins.top - margins.bottom };
  if (area.width < 100 || area.height < 100) throw new RenderError('the page margins leave less than 100 points for the body');

  const keywords = [...meta.organizations, meta.location].filter((k): k is string => Boolean(k));
  const pdf = new PDFDocument({
    size: [paper.width, paper.height],
    margins,
    autoFirstPage: false,
    // An empty font name keeps pdfkit from loading Helvetica; we set a face before any text.
    font: '',
    lang: meta.lang,
    displayTitle: true,
    tagged: true,
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    pdfVersion: '1.7',
    compress: options.compress,
    info: {
      Title: meta.title,
      Author: meta.organizations.length > 0 ? meta.organizations.join(', ') : (meta.preparedBy ?? ''),
      Subject: meta.subtitle ?? meta.title,
      Keywords: keywords.join(', '),
      Creator: 'briefkit',
      Producer: PRODUCER,
      CreationDate: input.created,
      ModDate: input.created,
    },
  });
  escapeXmpMetadata(pdf);
  // The file header, written by the constructor, comes through pdfkit's stream; the rest is collected.
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const collected = collectOutput(pdf);
  const finished = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });

  const book = new FontBook(fonts);
  // Fonts are registered with pdfkit and opened when first drawn with (see
  // selectFont): a document that never uses the monospace or bold italic
  // face does not read or parse its file.
  selectFont(pdf, book, fonts.primary.regular.key);

  const images = await embedImages(pdf, doc, input);
  const painter = new Painter(pdf, book, type, images, area.height);
  const tagger = new Tagger(pdf);
  const scope = { text: type.body, inline: { bold: false, italic: false, mono: false }, listDepth: 0, compactHeadings: false, tight: false, inKeyFigures: false, parent: tagger.root };
  const context = new BuildContext(input, type, scope, pdfHandlers, tagger);
  const [headerBlocks, bodyBlocks, closingBlocks] = flowParts(doc.children, options.columns);
  const parts: FlowParts = { header: context.blocks(headerBlocks), body: context.blocks(bodyBlocks), closing: context.blocks(closingBlocks) };
  const body = type.body.size;
  const plans = paginate(parts, { area, columns: options.columns, columnGap: body * 2, headerGap: body * 1.4, closingGap: body * 1.6, balance: options.balance }, painter);
  const markingInBand = doc.children[0]?.type === 'titleBlock' && meta.marking !== undefined;

  plans.forEach((plan, index) => {
    pdf.addPage({ size: [paper.width, paper.height], margins });
    for (const placement of plan.placements) placement.arranged.draw(painter, placement.x, placement.y);
    // Page furniture comes last on each page; the page count is known because
    // pagination finished before anything was drawn.
    drawFurniture(painter, meta, theme.marking, area, paper.height, index + 1, plans.length, index === 0 && markingInBand);
  });

  const warnings: Diagnostic[] = [...book.missing].map((cp) => {
    const hex = cp.toString(16).toUpperCase().padStart(4, '0');
    return warning(meta.id, `no font has a glyph for U+${hex} (${String.fromCodePoint(cp)}); drew \u25A1 in its place`, {
      code: 'missing-glyph',
      hints: ['add a font that covers it to the fallbacks, or replace the character in the content'],
    });
  });
  pdf.end();
  await finished;
  return { bytes: collected(chunks), warnings };
}

/** The PDF fact sheet renderer with the default options. */
export const renderPdf: Renderer = createPdfRenderer();
