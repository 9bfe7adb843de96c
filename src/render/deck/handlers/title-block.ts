import type { TitleBlock } from '../../../doc/types.js';
import type { TitleSlide } from '../model.js';
import type { DeckBuilder } from '../builder.js';
import { blocksToNoteLines, plainText } from '../text.js';

/** The title block fills the title slide; blocks it has no place for go to the title slide's notes. */
export function titleBlock(node: TitleBlock, builder: DeckBuilder): void {
  const fields: Pick<TitleSlide, 'title' | 'subtitle' | 'lines' | 'organizations'> = { title: builder.meta.title, lines: [] };
  const notes: string[] = [];
  for (const child of node.children) {
    if (child.type === 'heading') {
      const text = plainText(child.children);
      if (child.depth === 1) fields.title = text;
      else fields.lines.push(text);
    } else if (child.type === 'paragraph') {
      const text = plainText(child.children);
      if (child.role === 'subtitle') fields.subtitle = text;
      else if (child.role === 'organizations') fields.organizations = text;
      else fields.lines.push(text);
    } else {
      notes.push(...blocksToNoteLines([child]));
    }
  }
  if (!builder.setTitle(fields, notes)) builder.flow(node.children);
}
