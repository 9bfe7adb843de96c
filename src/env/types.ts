/** The style of a font face. */
export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** One font file, loaded once per process. */
export interface FontFile {
  /** Family name, e.g. `Noto Sans`. */
  family: string;
  style: FontStyle;
  /** A stable key for caches and PDF font names, e.g. `NotoSans-Bold`. */
  key: string;
  /** The TrueType/OpenType bytes. */
  bytes: Uint8Array;
  /**
   * A name of the bytes' content, where one is known without reading them (a
   * bundled face: its package file), for the renderer's per-process tables.
   * Files with the same `contentId` have the same bytes.
   */
  contentId?: string;
}

/**
 * The fonts renderers may embed: a primary family with four styles, a
 * monospace face, and fallbacks tried in order for characters the primary
 * family lacks (chosen by glyph coverage).
 */
export interface FontSet {
  primary: Record<FontStyle, FontFile>;
  mono: FontFile;
  fallbacks: FontFile[];
}

/** One entry of a folder listing. */
export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}

/**
 * Everything a stage may need from the outside world: files, fonts and the
 * clock. Renderers get only what they need through `RenderInput`; the build
 * gets a whole `Env`. Tests pass an in-memory one.
 */
export interface Env {
  /** The project root (absolute); content may not reach outside it. */
  readonly root: string;
  /** Reads a file (absolute path). */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Reads a file (absolute path) at once, blocking: the build's scan reads
   * every content file, and for small files a direct read costs a fraction of
   * one through the thread pool (open, stat, read and close each a round
   * trip). Optional: without it the scan uses `readFile`. An Env made by
   * overriding `readFile` of another must override or drop this too.
   */
  readFileSync?(path: string): Uint8Array;
  /** Lists a folder (absolute path), entries sorted by name. */
  readDir(path: string): Promise<DirEntry[]>;
  /** Resolves symbolic links (absolute path); rejects if the path does not exist. */
  realPath(path: string): Promise<string>;
  /** The fonts, loaded lazily once per process. */
  fonts(): FontSet;
  /** Milliseconds since the epoch; used only for manifest timings. */
  now(): number;
}
