import type { KeyFigure, KeyFigures } from '../../../doc/types.js';
import { MAX_KEY_FIGURES } from '../model.js';
import type { DeckBuilder } from '../builder.js';

/** Key figures get slides of their own, at most `MAX_KEY_FIGURES` each. */
export function keyFigures(node: KeyFigures, builder: DeckBuilder): void {
  const figures = node.children.map(({ value, label }) => ({ value, label }));
  for (let i = 0; i < figures.length; i += MAX_KEY_FIGURES) {
    builder.addSlide({ kind: 'keyFigures', figures: figures.slice(i, i + MAX_KEY_FIGURES) });
  }
}

/** A key figure outside a grid is a grid of one. */
export function keyFigure(node: KeyFigure, builder: DeckBuilder): void {
  keyFigures({ type: 'keyFigures', children: [node] }, builder);
}
