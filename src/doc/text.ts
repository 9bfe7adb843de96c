import type { Block, Inline } from './types.js';

/** The plain text of inline nodes (links give their text, breaks a newline). */
export function plainText(nodes: readonly (Inline | Block)[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
      case 'code':
        out += node.value;
        break;
      case 'break':
        out += '\n';
        break;
      case 'keyFigure':
        out += `${node.value} ${node.label}`;
        break;
      case 'figure':
        out += node.caption ?? node.alt;
        break;
      case 'thematicBreak':
      case 'pageBreak':
        break;
      default:
        out += plainText(node.children);
    }
  }
  return out;
}
