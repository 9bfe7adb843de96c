import type { Block, TitleBlock } from '../../../doc/types.js';
import { markingText } from '../../../doc/theme.js';
import { fitOneLine } from '../furniture.js';
import { fixedArranged, stackFlowable, type Flowable } from '../layout.js';
import { LOGO_KEY } from '../painter.js';
import { breakLines, drawLines } from '../text.js';
import type { BuildContext, Built } from '../context.js';

/** Default height of the theme's logo in the header band, in points. */
const LOGO_HEIGHT = 28;

/**
 * The title block: a header band in the primary colour with the organisation
 * names (or the theme's logo, a `Figure`) and the marking, then the title,
 * subtitle and meta lines above an accent rule.
 */
export function titleBlock(node: TitleBlock, context: BuildContext): Built {
  const type = context.type;
  const body = type.body.size;
  const organizations = node.children.find((c): c is Extract<Block, { type: 'paragraph' }> => c.type === 'paragraph' && c.role === 'organizations');
  const rest = node.children.filter((c) => c !== organizations);

  const band = headerBand(context, organizations, context.input.logo !== undefined);
  const children = context.blocks(rest);
  const decoration = {
    padding: { top: band ? body * 1.5 : body * 1.2, right: 0, bottom: body * 1.1, left: 0 },
    ...(band ? {} : { topRule: { color: type.colors.primary, width: 5, length: body * 4 } }),
    bottomRule: { color: type.colors.accent, width: 1.5 },
  };
  const block = stackFlowable(children, decoration, { before: 0, after: body * 1.1 });
  return { kind: 'flow', flow: band ? [band, block] : [block] };
}

function headerBand(context: BuildContext, organizations: Extract<Block, { type: 'paragraph' }> | undefined, withLogo: boolean): Flowable | undefined {
  const type = context.type;
  const meta = context.input.doc.meta;
  const logo = context.input.logo;
  const marking = meta.marking === undefined ? undefined : markingText(context.input.theme, meta.marking);
  if (!withLogo && !organizations && !marking) return undefined;
  const alt = context.input.theme.logo?.alt ?? (meta.organizations.join(', ') || meta.title);
  // Made now, in document order: the logo stands for the organisation names.
  const tag = withLogo ? context.tag('Figure', { alt }) : organizations ? context.tag('P') : undefined;
  const spans = organizations ? context.spans(organizations.children) : [];
  const padX = type.body.size * 1.2;
  const padY = type.body.size * 0.9;
  return {
    spaceBefore: 0,
    spaceAfter: 0,
    keepWithNext: true,
    arrange(width, painter) {
      const inner = width - 2 * padX;
      const markingLine = marking ? fitOneLine(painter, marking, type.bandMarking, inner * 0.4) : undefined;
      const leftWidth = inner - (markingLine ? markingLine.width + padX : 0);
      let leftHeight = 0;
      let drawLeft: (x: number, y: number) => void = () => undefined;
      const image = painter.images.get(LOGO_KEY);
      if (withLogo && image && logo && tag) {
        let h = context.input.theme.logo?.height ?? LOGO_HEIGHT;
        let w = (h * logo.width) / logo.height;
        if (w > leftWidth) {
          h = (h * leftWidth) / w;
          w = leftWidth;
        }
        leftHeight = h;
        drawLeft = (x, y) => painter.content(tag, () => painter.drawImage(image, x, y, w, h));
      } else if (tag) {
        const lines = breakLines(painter, spans, type.band, leftWidth);
        leftHeight = lines.length * type.band.leading;
        drawLeft = (x, y) => drawLines(painter, lines, type.band, x, y, leftWidth, tag);
      }
      const contentHeight = Math.max(leftHeight, markingLine ? type.bandMarking.leading : 0);
      return fixedArranged(contentHeight + 2 * padY, (p, x, y) => {
        p.artifact(() => p.fillRect(x, y, width, contentHeight + 2 * padY, type.colors.primary));
        drawLeft(x + padX, y + padY + (contentHeight - leftHeight) / 2);
        if (markingLine) {
          const top = y + padY + (contentHeight - type.bandMarking.leading) / 2;
          p.artifact(() => drawLines(p, [markingLine], type.bandMarking, x + padX, top, inner), 'Pagination');
        }
      });
    },
  };
}
