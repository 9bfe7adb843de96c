import { ImageRun, Paragraph, TextRun } from 'docx';
import type { Figure } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { blocks } from '../flow.js';
import { StyleId } from '../styles.js';
import { RenderError } from '../../types.js';

/** A figure may take at most this share of the text area's height, so a tall image leaves room for its caption. */
const MAX_HEIGHT_SHARE = 0.5;

/** Word sizes images in pixels at 96 per inch; themes measure in points (72 per inch). */
const PIXELS_PER_POINT = 96 / 72;

/**
 * An image scaled to the text width (keeping its aspect ratio, and capped in
 * height), with its alt text as the drawing's description, then its caption.
 */
export function figure(node: Figure, context: DocxContext): Rendered {
  const { session } = context;
  const asset = session.assets.get(node.src);
  if (!asset) throw new RenderError(`figure "${node.src}" has no asset: the build must read every figure before rendering`);
  if (asset.width <= 0 || asset.height <= 0) throw new RenderError(`figure "${node.src}" has no size (${asset.width}×${asset.height})`);
  const { width: textWidth, height: textHeight } = session.textArea;
  const scale = Math.min(textWidth / asset.width, (textHeight * MAX_HEIGHT_SHARE) / asset.height);
  const image = new ImageRun({
    type: asset.mime === 'image/png' ? 'png' : 'jpg',
    data: asset.bytes,
    transformation: {
      width: Math.round(asset.width * scale * PIXELS_PER_POINT),
      height: Math.round(asset.height * scale * PIXELS_PER_POINT),
    },
    altText: {
      id: String(session.nextDrawingId()),
      name: session.text(node.src.split('/').pop() ?? node.src),
      description: session.text(node.alt),
    },
  });
  const out = [new Paragraph({ style: StyleId.figure, children: [image] })];
  if (node.caption) out.push(new Paragraph({ style: StyleId.caption, children: [new TextRun(session.text(node.caption))] }));
  return blocks(...out);
}
