import { RenderError } from '../../types.js';
import type { Link } from '../../../doc/types.js';
import { where, type BuildContext, type Built } from '../context.js';

/** A hyperlink: its text in the link colour, underlined, with a clickable area. */
export function link(node: Link, context: BuildContext): Built {
  if (!/^(https?:|mailto:)/i.test(node.url)) throw new RenderError(`link target \`${node.url}\` is not http:, https: or mailto:${where(node)}`);
  return { kind: 'spans', spans: context.with({ inline: { ...context.scope.inline, link: node.url } }).spans(node.children) };
}
