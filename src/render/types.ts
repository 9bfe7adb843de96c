import type { Diagnostic } from '../diagnostics/index.js';
import type { Doc, NodeOfType, NodeType } from '../doc/types.js';
import type { Theme } from '../doc/theme.js';
import type { FontSet } from '../env/types.js';

/** An image the document refers to, already read and checked by the build. */
export interface Asset {
  /** `image/png` or `image/jpeg`. */
  mime: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
  /** Intrinsic size in pixels. */
  width: number;
  height: number;
}

/** Everything a renderer may use: it never touches the disk or the clock. */
export interface RenderInput {
  doc: Doc;
  theme: Theme;
  fonts: FontSet;
  /** Images keyed by `Figure.src`. */
  assets: ReadonlyMap<string, Asset>;
  /** The theme's logo (`Theme.logo`), read and checked by the build; absent when the theme has none. */
  logo?: Asset;
  /**
   * The timestamp written into document metadata and zip entries:
   * `SOURCE_DATE_EPOCH`, or the item's date at 00:00 UTC.
   */
  created: Date;
}

/** What a renderer returns: the file's bytes and any warnings. */
export interface RenderResult {
  bytes: Uint8Array;
  warnings: Diagnostic[];
}

/** A renderer: a pure function from a document tree to file bytes. */
export type Renderer = (input: RenderInput) => Promise<RenderResult>;

/**
 * A handler map with one handler per node type. Typing it this way makes a
 * missing handler a compile error.
 */
export type HandlerMap<Context, Result> = {
  [T in NodeType]: (node: NodeOfType<T>, context: Context) => Result;
};

/** Thrown by a renderer for content it cannot render; never silently dropped. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}
