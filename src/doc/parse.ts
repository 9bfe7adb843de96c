import type { Root, RootContent, PhrasingContent, Nodes as MdastNodes, Definition } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { error, type Diagnostic } from '../diagnostics/index.js';
import { fastParse } from './fast-parse.js';
import { parseGenerated } from './micromark.js';
import type { Block, Inline, ListItem, ParagraphRole, KeyFigure, TableRow } from './types.js';

/** Container directives that give their paragraphs a role. */
const ROLE_DIRECTIVES: ReadonlySet<ParagraphRole> = new Set(['subtitle', 'meta', 'organizations', 'attribution', 'caption', 'small']);

/** The directive vocabulary, for messages. */
export const DIRECTIVES = {
  container: ['titleblock', 'lead', 'keyfigures', 'quote', 'notes', 'closing', ...ROLE_DIRECTIVES],
  leaf: ['keyfigure', 'figure', 'pagebreak'],
  text: ['md'],
} as const;

/** What parsing needs besides the Markdown: where it came from and the item's Markdown fields. */
export interface ParseInput {
  /** The template file that produced the Markdown (for messages). */
  template: string;
  /** The generated Markdown with directives. */
  markdown: string;
  /** Parsed Markdown fields of the item, by field path (the `:md{ref}` targets). */
  fields: ReadonlyMap<string, Root>;
}

/**
 * Parses generated Markdown with directives into Doc blocks, lowering every
 * directive to its node and splicing in the item's Markdown fields. Unknown
 * directives and constructs are errors at their generated line, never dropped.
 */
export function parseSource(input: ParseInput, options: { fast?: boolean } = {}): { blocks: Block[]; diagnostics: Diagnostic[] } {
  if (options.fast !== false) {
    // The fast path reads the usual template output; whatever it cannot read
    // exactly, and every fault (whose message names a generated line), goes
    // through micromark.
    const tree = fastParse(input.markdown);
    if (tree) {
      const lowering = new Lowering(input);
      const blocks = lowering.blocks(tree.children, EMPTY_DEFINITIONS, 0);
      if (lowering.diagnostics.length === 0) return { blocks, diagnostics: [] };
    }
  }
  const tree = parseGenerated(input.markdown);
  const lowering = new Lowering(input);
  const blocks = lowering.blocks(tree.children, definitionsOf(tree), 0);
  return { blocks, diagnostics: lowering.diagnostics };
}

const EMPTY_DEFINITIONS: ReadonlyMap<string, Definition> = new Map();

function definitionsOf(tree: Root): Map<string, Definition> {
  const map = new Map<string, Definition>();
  const stack: MdastNodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'definition' && !map.has(node.identifier)) map.set(node.identifier, node);
    if ('children' in node) stack.push(...(node.children as MdastNodes[]));
  }
  return map;
}

type Definitions = ReadonlyMap<string, Definition>;

class Lowering {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly input: ParseInput) {}

  private fail(node: MdastNodes | undefined, message: string, hints?: string[]): void {
    const line = node?.position?.start.line;
    this.diagnostics.push(
      error(this.input.template, line === undefined ? message : `${message} (generated line ${line})`, { code: 'template-output', hints }),
    );
  }

  /** Lowers block content; `shift` is added to heading depths (Markdown fields sit below template headings). */
  blocks(nodes: readonly RootContent[], defs: Definitions, shift: number): Block[] {
    const out: Block[] = [];
    for (const node of nodes) out.push(...this.block(node, defs, shift));
    return out;
  }

  private block(node: RootContent, defs: Definitions, shift: number): Block[] {
    switch (node.type) {
      case 'heading': {
        const depth = Math.min(4, node.depth + shift) as 1 | 2 | 3 | 4;
        return [{ type: 'heading', depth, children: this.inlines(node.children, defs) }];
      }
      case 'paragraph': {
        const only = node.children.length === 1 ? node.children[0] : undefined;
        if (only && only.type === 'textDirective' && only.name === 'md') {
          const field = this.field(only);
          if (!field) return [];
          return this.blocks(field.children, definitionsOf(field), 2);
        }
        const children = this.inlines(node.children, defs);
        return children.length === 0 ? [] : [{ type: 'paragraph', children }];
      }
      case 'list':
        return [
          {
            type: 'list',
            ordered: node.ordered === true,
            start: node.start ?? 1,
            children: node.children.map((item): ListItem => ({ type: 'listItem', children: this.blocks(item.children, defs, shift) })),
          },
        ];
      case 'blockquote':
        return [{ type: 'blockquote', children: this.blocks(node.children, defs, shift) }];
      case 'code':
        return [node.lang ? { type: 'code', lang: node.lang, value: node.value } : { type: 'code', value: node.value }];
      case 'thematicBreak':
        return [{ type: 'thematicBreak' }];
      case 'html':
        // Raw HTML is shown as literal text (contract §1).
        return [{ type: 'paragraph', children: [{ type: 'text', value: node.value }] }];
      case 'definition':
        // A link reference definition is not content; its links were resolved.
        return [];
      case 'table': {
        const rows = node.children.map((row): TableRow => ({
          type: 'tableRow',
          children: row.children.map((cell) => ({ type: 'tableCell', children: this.inlines(cell.children, defs) })),
        }));
        return [{ type: 'table', align: (node.align ?? []).map((a) => a ?? null), children: rows }];
      }
      case 'containerDirective':
        return this.container(node, defs, shift);
      case 'leafDirective':
        return this.leaf(node);
      default:
        this.fail(node, `cannot place a \`${node.type}\` here`);
        return [];
    }
  }

  private container(node: ContainerDirective, defs: Definitions, shift: number): Block[] {
    // The directive label (`:::name[label]`) arrives as a first paragraph flagged `directiveLabel`.
    const body = node.children.filter((child) => !(child.type === 'paragraph' && (child.data as { directiveLabel?: boolean } | undefined)?.directiveLabel));
    const name = node.name;
    const attrs = node.attributes ?? {};
    switch (name) {
      case 'titleblock':
        return [{ type: 'titleBlock', children: this.blocks(body, defs, shift) }];
      case 'lead':
        return [{ type: 'lead', children: this.blocks(body, defs, shift) }];
      case 'notes':
        return [{ type: 'notes', children: this.blocks(body, defs, shift) }];
      case 'closing':
        return [{ type: 'closing', children: this.blocks(body, defs, shift) }];
      case 'quote': {
        const speaker = attrs.speaker;
        if (!speaker) {
          this.fail(node, '`:::quote` needs a `speaker` attribute');
          return [];
        }
        const role = attrs.role ?? undefined;
        const children = this.blocks(body, defs, shift);
        return [role ? { type: 'quote', speaker, role, children } : { type: 'quote', speaker, children }];
      }
      case 'keyfigures': {
        const figures: KeyFigure[] = [];
        for (const child of body) {
          if (child.type === 'leafDirective' && child.name === 'keyfigure') {
            const value = child.attributes?.value;
            const label = child.attributes?.label;
            if (value === undefined || value === null || label === undefined || label === null) this.fail(child, '`::keyfigure` needs `value` and `label` attributes');
            else figures.push({ type: 'keyFigure', value, label });
          } else {
            this.fail(child, '`::::keyfigures` may hold only `::keyfigure{value="…" label="…"}` lines');
          }
        }
        return figures.length === 0 ? [] : [{ type: 'keyFigures', children: figures }];
      }
      default: {
        if ((ROLE_DIRECTIVES as ReadonlySet<string>).has(name)) {
          const role = name as ParagraphRole;
          const out: Block[] = [];
          for (const block of this.blocks(body, defs, shift)) {
            if (block.type === 'paragraph') out.push({ ...block, role });
            else this.fail(node, `\`:::${name}\` may hold only paragraphs, found a ${block.type}`);
          }
          return out;
        }
        this.fail(node, `unknown directive \`:::${name}\``, [`known container directives: ${DIRECTIVES.container.join(', ')}`]);
        return [];
      }
    }
  }

  private leaf(node: LeafDirective): Block[] {
    const attrs = node.attributes ?? {};
    switch (node.name) {
      case 'pagebreak':
        return [{ type: 'pageBreak' }];
      case 'figure': {
        const src = attrs.src;
        const alt = attrs.alt;
        if (!src || !alt) {
          this.fail(node, '`::figure` needs `src` and `alt` attributes');
          return [];
        }
        const caption = attrs.caption ?? undefined;
        return [caption ? { type: 'figure', src, alt, caption } : { type: 'figure', src, alt }];
      }
      case 'keyfigure':
        this.fail(node, '`::keyfigure` belongs inside `::::keyfigures`');
        return [];
      default:
        this.fail(node, `unknown directive \`::${node.name}\``, [`known leaf directives: ${DIRECTIVES.leaf.join(', ')}`]);
        return [];
    }
  }

  private field(node: TextDirective): Root | undefined {
    const ref = node.attributes?.ref;
    const field = ref ? this.input.fields.get(ref) : undefined;
    if (!field) this.fail(node, `\`:md\` refers to an unknown Markdown field \`${ref ?? ''}\``);
    return field;
  }

  inlines(nodes: readonly PhrasingContent[], defs: Definitions): Inline[] {
    const out: Inline[] = [];
    for (const node of nodes) {
      for (const inline of this.inline(node, defs)) {
        const last = out[out.length - 1];
        if (inline.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + inline.value };
        else out.push(inline);
      }
    }
    return out;
  }

  private inline(node: PhrasingContent, defs: Definitions): Inline[] {
    switch (node.type) {
      case 'text':
        // A soft line break is white space, not a line break (CommonMark §6.8).
        return [{ type: 'text', value: node.value.replace(/[ \t]*\n[ \t]*/g, ' ') }];
      case 'emphasis':
        return [{ type: 'emphasis', children: this.inlines(node.children, defs) }];
      case 'strong':
        return [{ type: 'strong', children: this.inlines(node.children, defs) }];
      case 'inlineCode':
        return [{ type: 'inlineCode', value: node.value }];
      case 'break':
        return [{ type: 'break' }];
      case 'html':
        return [{ type: 'text', value: node.value }];
      case 'link':
        return [{ type: 'link', url: node.url, children: this.inlines(node.children, defs) }];
      case 'linkReference': {
        const def = defs.get(node.identifier);
        if (!def) return this.inlines(node.children, defs);
        return [{ type: 'link', url: def.url, children: this.inlines(node.children, defs) }];
      }
      case 'textDirective': {
        if (node.name !== 'md') {
          this.fail(node, `unknown directive \`:${node.name}\``, [`known text directives: ${DIRECTIVES.text.join(', ')}`]);
          return [];
        }
        const field = this.field(node);
        if (!field) return [];
        const blocks = field.children.filter((child) => child.type !== 'definition');
        if (blocks.length === 0) return [];
        const first = blocks[0]!;
        if (blocks.length === 1 && first.type === 'paragraph') return this.inlines(first.children, definitionsOf(field));
        this.fail(node, `Markdown field \`${node.attributes?.ref ?? ''}\` holds block content (lists, several paragraphs), but the template uses it inside a line`, [
          'put the field on a line of its own in the template',
        ]);
        return [];
      }
      case 'image':
      case 'imageReference':
        this.fail(node, 'images are not allowed in Markdown text; use a `::figure` directive');
        return [];
      default:
        this.fail(node, `cannot place a \`${node.type}\` inside a line`);
        return [];
    }
  }
}
