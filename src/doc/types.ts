/**
 * The document tree (`Doc`): the one data type every renderer reads.
 *
 * It is unist-shaped (`type`, `children` or `value`, optional `position`),
 * closed (a union of the node types below) and versioned. Adding a node type
 * makes the compiler list every renderer whose handler map lacks it.
 */

/** Version of the Doc shape; bump when a node type changes meaning. */
export const DOC_VERSION = 1 as const;

/** A point in the generated Markdown source (1-based line and column). */
export interface Point {
  line: number;
  column: number;
}

/** Where a node came from in the generated Markdown source. */
export interface Position {
  start: Point;
  end: Point;
}

interface NodeBase {
  position?: Position;
}

// ---------------------------------------------------------------------------
// Inline nodes

/** Literal text; renderers draw `value` exactly as it is. */
export interface Text extends NodeBase {
  type: 'text';
  value: string;
}

/** Emphasised (italic) text. */
export interface Emphasis extends NodeBase {
  type: 'emphasis';
  children: Inline[];
}

/** Strongly emphasised (bold) text. */
export interface Strong extends NodeBase {
  type: 'strong';
  children: Inline[];
}

/** A code span, drawn in the monospace face. */
export interface InlineCode extends NodeBase {
  type: 'inlineCode';
  value: string;
}

/** A hyperlink; `url` is always `http:`, `https:` or `mailto:`. */
export interface Link extends NodeBase {
  type: 'link';
  url: string;
  children: Inline[];
}

/** A hard line break inside a paragraph. */
export interface Break extends NodeBase {
  type: 'break';
}

/** Every inline node type. */
export type Inline = Text | Emphasis | Strong | InlineCode | Link | Break;

// ---------------------------------------------------------------------------
// Block nodes

/**
 * A heading. Depth 1 is the document title (inside the title block), depth 2 a
 * top-level heading ("Summary", a section), depth 3 and 4 sub-headings.
 */
export interface Heading extends NodeBase {
  type: 'heading';
  depth: 1 | 2 | 3 | 4;
  children: Inline[];
}

/**
 * The closed set of paragraph roles a template can ask for with a container
 * directive of the same name (`:::subtitle`). Renderers style each role.
 */
export type ParagraphRole =
  | 'subtitle' // under the title
  | 'meta' // date · location line
  | 'organizations' // issuing bodies, in the title block
  | 'attribution' // "prepared for / by" lines
  | 'caption' // a caption under a figure or table
  | 'small'; // fine print (contact details, notes)

/** A paragraph of inline content, optionally with a role. */
export interface Paragraph extends NodeBase {
  type: 'paragraph';
  role?: ParagraphRole;
  children: Inline[];
}

/** A bulleted (`ordered: false`) or numbered list. */
export interface List extends NodeBase {
  type: 'list';
  ordered: boolean;
  /** First number of an ordered list. */
  start: number;
  children: ListItem[];
}

/** One item of a list; usually one paragraph, possibly a nested list. */
export interface ListItem extends NodeBase {
  type: 'listItem';
  children: Block[];
}

/** A Markdown block quote (`>` in a Markdown field), not a pull quote. */
export interface Blockquote extends NodeBase {
  type: 'blockquote';
  children: Block[];
}

/** A fenced or indented code block. */
export interface Code extends NodeBase {
  type: 'code';
  lang?: string;
  value: string;
}

/** A thematic break (`---` / `***` in a Markdown field). */
export interface ThematicBreak extends NodeBase {
  type: 'thematicBreak';
}

/** Column alignment of a table. */
export type Align = 'left' | 'right' | 'center' | null;

/** A table; the first row is the header row. */
export interface Table extends NodeBase {
  type: 'table';
  align: Align[];
  children: TableRow[];
}

/** A row of a table. */
export interface TableRow extends NodeBase {
  type: 'tableRow';
  children: TableCell[];
}

/** A cell of a table row. */
export interface TableCell extends NodeBase {
  type: 'tableCell';
  children: Inline[];
}

/**
 * The title block at the top of a document (`:::titleblock`): a depth-1
 * heading (the title) and paragraphs with roles (subtitle, meta, …).
 */
export interface TitleBlock extends NodeBase {
  type: 'titleBlock';
  children: Block[];
}

/** The lead (`:::lead`): the summary, set larger than body text. */
export interface Lead extends NodeBase {
  type: 'lead';
  children: Block[];
}

/** A grid of key figures (`::::keyfigures`). */
export interface KeyFigures extends NodeBase {
  type: 'keyFigures';
  children: KeyFigure[];
}

/** One key figure (`::keyfigure{value="…" label="…"}`): plain text only. */
export interface KeyFigure extends NodeBase {
  type: 'keyFigure';
  value: string;
  label: string;
}

/**
 * A pull quote (`:::quote{speaker="…" role="…"}`): verbatim words (the
 * children, without quotation marks) and who said them.
 */
export interface Quote extends NodeBase {
  type: 'quote';
  speaker: string;
  role?: string;
  children: Block[];
}

/**
 * An image (`::figure{src="…" alt="…" caption="…"}`). `src` is a key into
 * `RenderInput.assets` (the project-relative path); renderers never read files.
 */
export interface Figure extends NodeBase {
  type: 'figure';
  src: string;
  alt: string;
  caption?: string;
}

/**
 * Speaker notes or lines to take (`:::notes`): shown in the briefing note
 * where the template puts them, and as speaker notes on slides.
 */
export interface Notes extends NodeBase {
  type: 'notes';
  children: Block[];
}

/** The closing block (`:::closing`): sources, contact. */
export interface Closing extends NodeBase {
  type: 'closing';
  children: Block[];
}

/** A forced page break (`::pagebreak`); a slide break in decks. */
export interface PageBreak extends NodeBase {
  type: 'pageBreak';
}

/** Every block node type. */
export type Block =
  | Heading
  | Paragraph
  | List
  | ListItem
  | Blockquote
  | Code
  | ThematicBreak
  | Table
  | TableRow
  | TableCell
  | TitleBlock
  | Lead
  | KeyFigures
  | KeyFigure
  | Quote
  | Figure
  | Notes
  | Closing
  | PageBreak;

/** Every node type of the tree except the root. */
export type Node = Block | Inline;

/** The `type` tag of every node. */
export type NodeType = Node['type'];

/** Maps each node type tag to its node interface. */
export type NodeOfType<T extends NodeType> = Extract<Node, { type: T }>;

/**
 * Labels the template set supplies for running furniture that renderers draw
 * themselves, already in the item's language. `{page}` and `{pages}` are
 * replaced by numbers.
 */
export interface DocLabels {
  /** Footer page counter, e.g. `Page {page} of {pages}`. */
  pageOf: string;
  /** Suffix of a continued slide or block, e.g. `(cont.)`. */
  continued: string;
  /** Caption prefix of a figure slide, e.g. `Figure`. */
  figure: string;
  /** Heading of a notes aside when it has none of its own, e.g. `Notes`. */
  notes: string;
  /** Header of the key-figures table's value column, e.g. `Figure`. */
  keyFigureValue: string;
  /** Header of the key-figures table's label column, e.g. `Description`. */
  keyFigureLabel: string;
}

/** Facts about the item that renderers need outside the flow of blocks. */
export interface DocMeta {
  /** The item's id (slug). */
  id: string;
  /** BCP 47 language tag of the item. */
  lang: string;
  /** Title as plain text. */
  title: string;
  subtitle?: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** The date formatted for `lang`. */
  dateText: string;
  location?: string;
  organizations: string[];
  /** Protective marking shown on every page / slide. */
  marking?: string;
  preparedFor?: string;
  preparedBy?: string;
  /** sha256 (hex) of the content file, for traceability. */
  sourceSha256: string;
  labels: DocLabels;
}

/** The root of a document tree. */
export interface Doc {
  type: 'root';
  version: typeof DOC_VERSION;
  meta: DocMeta;
  children: Block[];
}
