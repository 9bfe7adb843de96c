import { RenderError } from '../../types.js';
import type { KeyFigure } from '../../../doc/types.js';
import { stackFlowable, textFlowable, type Flowable } from '../layout.js';
import { naturalWidth } from '../text.js';
import { where, type BuildContext, type Built } from '../context.js';

/** One key figure (`LI`: the value as `Lbl`, the label as `LBody`): a tinted box, the value large in the accent colour, the label beneath. */
export function keyFigure(node: KeyFigure, context: BuildContext): Built {
  if (!context.scope.inKeyFigures) throw new RenderError(`a key figure must sit inside a key-figures grid${where(node)}`);
  const type = context.type;
  const body = type.body.size;
  const value = [context.span(node.value)];
  const label = [context.span(node.label)];
  const item = context.within(context.tag('LI'));
  const valueTag = item.tag('Lbl');
  const labelTag = item.tag('LBody');
  const pad = body * 0.9;
  const decoration = {
    padding: { top: pad + 3, right: pad, bottom: pad, left: pad },
    fill: type.colors.surface,
    topRule: { color: type.colors.accent, width: 3 },
    keepTogether: true,
  };
  const tile: Flowable = {
    spaceBefore: 0,
    spaceAfter: 0,
    keepWithNext: false,
    arrange(width, painter) {
      // A long value shrinks to fit its box rather than wrapping (never below the label size + 4).
      const inner = width - 2 * pad;
      const natural = naturalWidth(painter, value, type.figureValue).max;
      const size = natural > inner ? Math.max(body + 4, (type.figureValue.size * inner) / natural) : type.figureValue.size;
      const valueStyle = { ...type.figureValue, size, leading: size * 1.15 };
      const parts = [textFlowable(value, valueStyle, { before: 0, after: body * 0.25, tag: valueTag }), textFlowable(label, type.figureLabel, { before: 0, after: 0, tag: labelTag })];
      return stackFlowable(parts, decoration).arrange(width, painter);
    },
  };
  return { kind: 'flow', flow: [tile] };
}
