import { ExternalHyperlink } from 'docx';
import type { Link } from '../../../doc/types.js';
import type { DocxContext, Rendered } from '../context.js';
import { inlines, renderInlines } from '../flow.js';
import { StyleId } from '../styles.js';

/** A live external hyperlink whose text is in the Hyperlink character style. */
export function link(node: Link, context: DocxContext): Rendered {
  const children = renderInlines(node.children, { ...context, run: { ...context.run, style: StyleId.hyperlink } });
  return inlines(new ExternalHyperlink({ link: context.session.text(node.url), children }));
}
