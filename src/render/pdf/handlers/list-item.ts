import { RenderError } from '../../types.js';
import type { ListItem } from '../../../doc/types.js';
import { stackFlowable } from '../layout.js';
import { breakLines, drawLines } from '../text.js';
import { where, type BuildContext, type Built } from '../context.js';

const BULLETS = ['\u2022', '\u2013', '\u25E6'];

/** One list item (`LI`): its marker (`Lbl`) in the hanging indent, its blocks (`LBody`) beside it. */
export function listItem(node: ListItem, context: BuildContext): Built {
  const list = context.scope.list;
  if (!list) throw new RenderError(`a list item must sit inside a list${where(node)}`);
  const style = context.scope.text;
  const marker = list.ordered ? `${list.number}.` : BULLETS[list.depth % BULLETS.length]!;
  const markerStyle = { ...style, bold: false, italic: false, mono: false, align: list.ordered ? ('right' as const) : ('left' as const), color: list.ordered ? style.color : context.type.colors.accent };
  const gap = style.size * 0.5;
  const item = context.tag('LI');
  const label = context.within(item).tag('Lbl');
  const children = context.within(context.within(item).tag('LBody')).with({ list: undefined, tight: true }).blocks(node.children);
  const decoration = {
    padding: { top: 0, right: 0, bottom: 0, left: list.indent },
    marker: (painter: Parameters<typeof drawLines>[0], x: number, y: number) => {
      const width = list.indent - gap;
      drawLines(painter, breakLines(painter, [{ text: marker, bold: false, italic: false, mono: false }], markerStyle, width), markerStyle, x, y, width, label);
    },
  };
  return { kind: 'flow', flow: [stackFlowable(children, decoration, { before: 0, after: style.size * 0.3, keepWithNext: false })] };
}
