import type { List, ListItem } from '../../../doc/types.js';
import type { BulletLine } from '../model.js';
import type { DeckBuilder } from '../builder.js';

/** Adds the items of a list as bullets; lists nested deeper than one level are flattened to level 1. */
function addItems(items: readonly ListItem[], ordered: boolean, start: number, level: 0 | 1, builder: DeckBuilder): void {
  items.forEach((item, i) => {
    let first = true;
    for (const child of item.children) {
      if (child.type === 'paragraph') {
        const bullet: BulletLine = { kind: 'bullet', level: first ? level : 1, text: child.children };
        if (first && ordered) bullet.ordinal = start + i;
        builder.addFittedLine(bullet);
        first = false;
      } else if (child.type === 'list') {
        addItems(child.children, child.ordered, child.start, 1, builder);
        first = false;
      } else {
        builder.flow([child]);
      }
    }
  });
}

/** A list becomes bullets with one level of nesting. */
export function list(node: List, builder: DeckBuilder): void {
  addItems(node.children, node.ordered, node.start, 0, builder);
}

/** A list item outside a list is laid out as a one-item bulleted list. */
export function listItem(node: ListItem, builder: DeckBuilder): void {
  addItems([node], false, 1, 0, builder);
}
