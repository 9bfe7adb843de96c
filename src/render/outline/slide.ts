/** One slide of the plan as an mdast tree (without its notes). */
import type { BlockContent, List, ListItem, Root, RootContent, TableCell, TableRow } from 'mdast';
import type { BodyLine, Slide } from '../deck/index.js';
import type { Asset } from '../types.js';
import { RenderError } from '../types.js';
import { textNode, toPhrasing } from './markdown.js';

/** Groups body lines into mdast blocks: consecutive bullets into (nested) lists, block-quote lines into one quote. */
function bodyToMdast(body: readonly BodyLine[]): RootContent[] {
  const out: RootContent[] = [];
  let outer: List | undefined;
  let inner: List | undefined;
  for (const line of body) {
    if (line.kind !== 'bullet') {
      outer = inner = undefined;
    }
    switch (line.kind) {
      case 'bullet': {
        const item: ListItem = { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: toPhrasing(line.text) }] };
        const ordered = line.ordinal !== undefined;
        if (line.level === 0 || !outer) {
          if (!outer || outer.ordered !== ordered) {
            outer = { type: 'list', ordered, spread: false, children: [] };
            if (ordered) outer.start = line.ordinal;
            out.push(outer);
          }
          outer.children.push(item);
          inner = undefined;
        } else {
          const parent = outer.children[outer.children.length - 1];
          if (!inner || inner.ordered !== ordered) {
            inner = { type: 'list', ordered, spread: false, children: [] };
            if (ordered) inner.start = line.ordinal;
            parent?.children.push(inner);
          }
          inner.children.push(item);
        }
        break;
      }
      case 'text':
        out.push({ type: 'paragraph', children: toPhrasing(line.text) });
        break;
      case 'subheading':
        out.push({ type: 'paragraph', children: [{ type: 'strong', children: [textNode(line.text)] }] });
        break;
      case 'code':
        out.push({ type: 'code', lang: line.lang ?? null, value: line.value });
        break;
      case 'blockquote': {
        const last = out[out.length - 1];
        const paragraph: BlockContent = { type: 'paragraph', children: toPhrasing(line.text) };
        if (last?.type === 'blockquote') last.children.push(paragraph);
        else out.push({ type: 'blockquote', children: [paragraph] });
        break;
      }
    }
  }
  return out;
}

/** The `data:` URI of an image asset. */
function dataUri(asset: Asset): string {
  return `data:${asset.mime};base64,${Buffer.from(asset.bytes).toString('base64')}`;
}

/** Builds the mdast of one slide: one `##` heading, then its body. */
export function slideToMdast(slide: Slide, assets: ReadonlyMap<string, Asset>): Root {
  const children: RootContent[] = [{ type: 'heading', depth: 2, children: [textNode(slide.title.replace(/\s+/gu, ' ').trim())] }];
  switch (slide.kind) {
    case 'title':
      if (slide.subtitle) children.push({ type: 'paragraph', children: [{ type: 'emphasis', children: [textNode(slide.subtitle)] }] });
      for (const line of slide.lines) children.push({ type: 'paragraph', children: [textNode(line)] });
      if (slide.organizations) children.push({ type: 'paragraph', children: [textNode(slide.organizations)] });
      break;
    case 'content':
    case 'closing':
      children.push(...bodyToMdast(slide.body));
      break;
    case 'keyFigures':
      children.push({
        type: 'list',
        ordered: false,
        spread: false,
        children: slide.figures.map((f): ListItem => ({
          type: 'listItem',
          spread: false,
          children: [{ type: 'paragraph', children: [{ type: 'strong', children: [textNode(f.value)] }, textNode(` ${f.label}`)] }],
        })),
      });
      break;
    case 'quote':
      for (const q of slide.quotes) {
        children.push(
          { type: 'blockquote', children: q.text.split('\n').map((p) => ({ type: 'paragraph', children: [textNode(p)] })) },
          { type: 'paragraph', children: [textNode(`— ${[q.speaker, q.role].filter(Boolean).join(', ')}`)] },
        );
      }
      break;
    case 'figure': {
      const asset = assets.get(slide.src);
      if (!asset) throw new RenderError(`outline: figure \`${slide.src}\` has no image in the render input (was it read by the build?)`);
      if (slide.caption) children.push({ type: 'paragraph', children: [textNode(slide.caption)] });
      children.push({ type: 'paragraph', children: [{ type: 'image', url: dataUri(asset), alt: slide.alt }] });
      break;
    }
    case 'table': {
      const row = (cells: readonly (typeof slide.header)[number][]): TableRow => ({
        type: 'tableRow',
        children: cells.map((c): TableCell => ({ type: 'tableCell', children: toPhrasing(c) })),
      });
      children.push({ type: 'table', align: slide.align, children: [row(slide.header), ...slide.rows.map(row)] });
      break;
    }
  }
  return { type: 'root', children };
}
