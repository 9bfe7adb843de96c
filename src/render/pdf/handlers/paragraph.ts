import type { Paragraph } from '../../../doc/types.js';
import { textFlowable } from '../layout.js';
import type { TextStyle } from '../styles.js';
import type { BuildContext, Built } from '../context.js';

/** A paragraph (`P`, or `Caption`): body text in the style of its container, or the style of its role. */
export function paragraph(node: Paragraph, context: BuildContext): Built {
  const type = context.type;
  const body = type.body.size;
  let style: TextStyle = context.scope.text;
  let after = context.scope.tight ? body * 0.25 : type.paragraphGap;
  switch (node.role) {
    case 'organizations':
      style = type.organizations;
      after = body * 1.2;
      break;
    case 'subtitle':
      style = type.subtitle;
      after = body * 0.5;
      break;
    case 'meta':
      style = type.meta;
      after = body * 0.2;
      break;
    case 'attribution':
      style = type.attribution;
      after = body * 0.2;
      break;
    case 'caption':
      style = type.caption;
      break;
    case 'small':
      style = type.small;
      break;
    case undefined:
      break;
  }
  const tag = context.tag(node.role === 'caption' ? 'Caption' : 'P');
  return { kind: 'flow', flow: [textFlowable(context.spans(node.children), style, { before: 0, after, tag })] };
}
