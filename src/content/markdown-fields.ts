import type { Root, Nodes as MdastNodes } from 'mdast';
import { error, type Diagnostic } from '../diagnostics/index.js';
import { fastParseField } from '../doc/fast-parse.js';
import { parseField } from '../doc/micromark.js';
import type { FieldPositions, SourcePoint } from './positions.js';

/** Link schemes a Markdown field may use. */
export const ALLOWED_LINK_SCHEMES = ['http:', 'https:', 'mailto:'] as const;

/**
 * Parses the value of a Markdown field on its own (CommonMark + GFM tables,
 * no directives, so `:::` stays text) and checks what the contract forbids:
 * link targets other than http, https and mailto, and images.
 */
export function parseMarkdownField(file: string, path: string, value: string, positions: FieldPositions): { tree: Root; diagnostics: Diagnostic[] } {
  // Plain paragraphs (the usual field) are read by the fast path: the same
  // tree, without positions, and with no link or image to check.
  const fast = fastParseField(value);
  if (fast) return { tree: fast, diagnostics: [] };
  const tree = parseField(value);
  const diagnostics: Diagnostic[] = [];
  const definitions = new Map<string, string>();
  visit(tree, (node) => {
    if (node.type === 'definition') definitions.set(node.identifier, node.url);
  });
  const where = (node: MdastNodes): SourcePoint => mapPoint(positions, path, node.position?.start);
  visit(tree, (node) => {
    if (node.type === 'link' || node.type === 'definition') {
      if (!isAllowedUrl(node.url)) {
        diagnostics.push(
          error(file, `link target \`${node.url}\` is not allowed: use an http:, https: or mailto: address`, {
            ...where(node),
            path,
            code: 'link-scheme',
          }),
        );
      }
    } else if (node.type === 'image' || node.type === 'imageReference') {
      diagnostics.push(
        error(file, 'images are not allowed inside Markdown text', { ...where(node), path, code: 'markdown-image', hints: ['put images in `figures` (src, alt, caption)'] }),
      );
    } else if (node.type === 'linkReference' && !definitions.has(node.identifier)) {
      // An undefined reference is literal text in CommonMark; nothing to check.
    }
  });
  return { tree, diagnostics };
}

/** Whether a URL uses one of the allowed schemes. */
export function isAllowedUrl(url: string): boolean {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url.trim());
  if (!match) return false;
  const scheme = `${match[1]!.toLowerCase()}:`;
  return (ALLOWED_LINK_SCHEMES as readonly string[]).includes(scheme);
}

/** Maps a point inside a field's text to a point in the content file. */
function mapPoint(positions: FieldPositions, path: string, inner: { line: number; column: number } | undefined): SourcePoint {
  const text = positions.text.get(path);
  const fallback = positions.value.get(path) ?? { line: 1, column: 1 };
  if (!text || !inner) return { line: fallback.line, column: fallback.column };
  if (inner.line === 1) return { line: text.start.line, column: text.start.column + inner.column - 1 };
  // Later lines: block scalars keep their indentation, flow scalars fold; the line is what matters.
  return { line: text.start.line + inner.line - 1, column: text.block ? text.start.column + inner.column - 1 : inner.column };
}

function visit(node: MdastNodes, fn: (node: MdastNodes) => void): void {
  const stack: MdastNodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    fn(current);
    if ('children' in current) {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as MdastNodes);
    }
  }
}
