import { RenderError, type HandlerMap, type RenderInput } from '../types.js';
import type { Block, Inline, Node } from '../../doc/types.js';
import type { Flowable } from './layout.js';
import type { TextStyle, Typography } from './styles.js';
import type { Span } from './text.js';
import type { StructRole, Tag, TagOptions, Tagger } from './tags.js';

/** What a handler returns: blocks for the flow, inline spans, or a table row's cells. */
export type Built = { kind: 'flow'; flow: Flowable[] } | { kind: 'spans'; spans: Span[] } | { kind: 'row'; cells: Span[][] };

/** The inline emphasis in force where a node sits. */
export interface InlineState {
  bold: boolean;
  italic: boolean;
  mono: boolean;
  link?: string;
}

/** Where a list item sits: its marker and nesting depth. */
export interface ListState {
  ordered: boolean;
  /** The number of the next item (ordered lists). */
  number: number;
  depth: number;
  /** Width of the marker column of this list. */
  indent: number;
}

/** The settings a container hands down to its children. */
export interface Scope {
  /** Style of plain paragraphs here (body text, the lead, a quote). */
  text: TextStyle;
  inline: InlineState;
  list?: ListState;
  listDepth: number;
  /** Headings inside the closing block and asides are set smaller. */
  compactHeadings: boolean;
  /** Paragraphs close up (inside list items). */
  tight: boolean;
  /** Set by the key-figures grid for its children. */
  inKeyFigures: boolean;
  /** The structure element new elements are appended to. */
  parent: Tag;
}

/** The handler map of the PDF renderer. */
export type PdfHandlers = HandlerMap<BuildContext, Built>;

/** Turns Doc nodes into flowables and spans; handlers call back into it for children. */
export class BuildContext {
  constructor(
    readonly input: RenderInput,
    readonly type: Typography,
    readonly scope: Scope,
    private readonly handlers: PdfHandlers,
    private readonly tagger: Tagger,
  ) {}

  /** A context for children with some settings changed. */
  with(patch: Partial<Scope>): BuildContext {
    return new BuildContext(this.input, this.type, { ...this.scope, ...patch }, this.handlers, this.tagger);
  }

  /** A new structure element under the current parent, in document order. */
  tag(role: StructRole, options: TagOptions = {}): Tag {
    return this.tagger.child(this.scope.parent, role, options);
  }

  /** A context whose new structure elements go under `parent`. */
  within(parent: Tag): BuildContext {
    return this.with({ parent });
  }

  /** Runs the handler of one node. */
  build(node: Node): Built {
    const handler = this.handlers[node.type] as ((n: Node, c: BuildContext) => Built) | undefined;
    if (!handler) throw new RenderError(`the PDF renderer has no handler for node type \`${(node as { type: string }).type}\``);
    return handler(node, this);
  }

  /** Builds block children into flowables; inline content or a stray row here is an error. */
  blocks(nodes: Block[]): Flowable[] {
    return nodes.flatMap((node) => {
      const built = this.build(node);
      if (built.kind !== 'flow') throw new RenderError(`a \`${node.type}\` node cannot stand where a block is expected${where(node)}`);
      return built.flow;
    });
  }

  /** Builds inline children into spans; a block here is an error. */
  spans(nodes: Inline[]): Span[] {
    return nodes.flatMap((node) => {
      const built = this.build(node);
      if (built.kind !== 'spans') throw new RenderError(`a \`${node.type}\` node cannot stand inside inline content${where(node)}`);
      return built.spans;
    });
  }

  /** A span of literal text carrying the current emphasis. */
  span(text: string): Span {
    const { bold, italic, mono, link } = this.scope.inline;
    const span: Span = { text, bold, italic, mono };
    if (link !== undefined) span.link = link;
    return span;
  }
}

/** Describes where a node came from in the generated source, for error messages. */
export function where(node: Node): string {
  return node.position ? ` (generated source line ${node.position.start.line})` : '';
}
