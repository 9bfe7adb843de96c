import type { Paragraph } from '../../../doc/types.js';
import type { TextLine } from '../model.js';
import type { DeckBuilder } from '../builder.js';
import { isLongLine, plainText } from '../text.js';

/** A short paragraph is a line on the slide; a long one goes to the notes (and to bullets if the slide would be empty). */
export function paragraph(node: Paragraph, builder: DeckBuilder): void {
  const text = plainText(node.children);
  if (text.trim() === '') return;
  if (isLongLine(text)) {
    builder.addLongParagraph(node.children);
    return;
  }
  const line: TextLine = { kind: 'text', text: node.children };
  if (node.role) {
    line.role = node.role;
    builder.addLine(line);
  } else {
    builder.addShortParagraph(line);
  }
}
