import type { Code } from '../../../doc/types.js';
import type { CodeLine } from '../model.js';
import type { DeckBuilder } from '../builder.js';

/** The most lines of code shown on a slide; longer blocks are cut, with the full code in the notes. */
const MAX_CODE_LINES = 12;

/** A code block is one body line of the slide. */
export function code(node: Code, builder: DeckBuilder): void {
  const lines = node.value.split('\n');
  const cut = lines.length > MAX_CODE_LINES;
  const line: CodeLine = { kind: 'code', value: cut ? [...lines.slice(0, MAX_CODE_LINES), '…'].join('\n') : node.value };
  if (node.lang) line.lang = node.lang;
  builder.addLine(line);
  if (cut) builder.addNotes([node.value]);
}
