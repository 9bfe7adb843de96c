import type { Figure } from '../../../doc/types.js';
import type { FigureSlide } from '../model.js';
import type { DeckBuilder } from '../builder.js';

/** A figure gets a slide of its own. */
export function figure(node: Figure, builder: DeckBuilder): void {
  const slide: Omit<FigureSlide, 'title' | 'notes'> = { kind: 'figure', src: node.src, alt: node.alt };
  if (node.caption) slide.caption = node.caption;
  builder.addSlide(slide);
}
