import { RenderError } from '../../types.js';
import type { Figure } from '../../../doc/types.js';
import { fixedArranged, stackFlowable, textFlowable, type Flowable } from '../layout.js';
import { where, type BuildContext, type Built } from '../context.js';

/** Points per image pixel at most (a small chart is not blown up past 1.5×). */
const MAX_SCALE = 1.5;

/** A figure (`Figure` with its alt text, then a `Caption`): the image from the render input, scaled into the column, its caption beneath, kept together. */
export function figure(node: Figure, context: BuildContext): Built {
  const asset = context.input.assets.get(node.src);
  if (!asset) throw new RenderError(`image \`${node.src}\` is not among the render input's assets${where(node)}`);
  const type = context.type;
  const body = type.body.size;
  const tag = context.tag('Figure', { alt: node.alt });
  const captionFlow = node.caption ? [textFlowable([context.span(node.caption)], type.caption, { before: body * 0.5, after: 0, tag: context.tag('Caption') })] : [];
  const image: Flowable = {
    spaceBefore: 0,
    spaceAfter: 0,
    keepWithNext: false,
    arrange(width, painter) {
      const embedded = painter.images.get(node.src);
      if (!embedded) throw new RenderError(`image \`${node.src}\` was not embedded before layout`);
      let w = Math.min(width, asset.width * MAX_SCALE);
      let h = (w * asset.height) / asset.width;
      // Leave room for the caption on the same page.
      const maxHeight = painter.frameHeight * 0.75;
      if (h > maxHeight) {
        w = (w * maxHeight) / h;
        h = maxHeight;
      }
      return fixedArranged(h, (p, x, y) => {
        p.content(tag, () => p.drawImage(embedded, x, y, w, h));
      });
    },
  };
  return { kind: 'flow', flow: [stackFlowable([image, ...captionFlow], { keepTogether: true }, { before: body * 0.8, after: body * 1.4 })] };
}
