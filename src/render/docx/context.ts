/**
 * What docx handlers receive and return: a per-render session (warnings,
 * counters, numbering) and the formatting inherited from enclosing nodes.
 */
import type { NumberingDefinition, Paragraph, ParagraphChild, Table, TableCell, TableRow } from 'docx';
import type { Align, Doc, Node } from '../../doc/types.js';
import type { Theme } from '../../doc/theme.js';
import type { Diagnostic } from '../../diagnostics/index.js';
import type { Asset } from '../types.js';

/** A block-level piece of a Word body: what a table cell or the document body holds. */
export type BlockChild = Paragraph | Table;

/** What a docx handler returns, tagged by where it can go. */
export type Rendered =
  | { kind: 'blocks'; items: BlockChild[] }
  | { kind: 'inlines'; items: ParagraphChild[] }
  | { kind: 'rows'; items: TableRow[] }
  | { kind: 'cells'; items: TableCell[] };

/** Character formatting inherited by inline content (from strong, emphasis, links). */
export interface RunFormat {
  bold?: boolean;
  italics?: boolean;
  /** Character style id, e.g. `Hyperlink`. */
  style?: string;
}

/** State shared by all handlers of one render; created fresh for every render. */
export interface DocxSession {
  readonly doc: Doc;
  readonly theme: Theme;
  readonly assets: ReadonlyMap<string, Asset>;
  /** Width and height of the text area in points. */
  readonly textArea: { width: number; height: number };
  /** Warnings collected so far, returned with the bytes. */
  readonly warnings: Diagnostic[];
  /** Makes a string safe for XML, warning once per replaced code point. */
  text(value: string): string;
  /** A fresh numbering instance, so that every list restarts. */
  nextListInstance(): number;
  /** A fresh drawing id (`wp:docPr/@id`), unique within this document. */
  nextDrawingId(): number;
  /** The numbering reference for a list kind, registering its definition on first use. */
  numberingReference(ordered: boolean, start: number): string;
  /** Every numbering definition registered, in order of first use. */
  numberingDefinitions(): NumberingDefinition[];
  /** Dispatches a node to its handler. */
  render(node: Node, context: DocxContext): Rendered;
}

/** Where a table cell sits: header row or body, and its column's alignment. */
export interface CellPlacement {
  header: boolean;
  align: Align;
}

/** How the first paragraph of a list item is numbered. */
export interface ListItemNumbering {
  /** `ListBullet` or `ListNumber`. */
  style: string;
  reference: string;
  instance: number;
  level: number;
}

/** The context a handler renders in; handlers derive child contexts, never mutate one. */
export interface DocxContext {
  readonly session: DocxSession;
  /** Style of paragraphs without a role here (`Normal`, `Lead`, `Quote`, …). */
  readonly paragraphStyle: string;
  /** Nesting level of the enclosing list (0-based), or -1 outside lists. */
  readonly listLevel: number;
  readonly run: RunFormat;
  /** Set while rendering the rows of a table: header row or not, the columns' alignment, and how many columns. */
  readonly row?: { header: boolean; align: readonly Align[]; columns: number };
  /** Set while rendering the cells of a table row. */
  readonly cell?: CellPlacement;
  /** Set while rendering the children of a list item: the numbering of its first paragraph. */
  readonly listItem?: ListItemNumbering;
}
