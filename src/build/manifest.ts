import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/index.js';
import type { OutputFormat } from '../template/index.js';

/** One output file of an item, as listed in `manifest.json`. */
export interface ManifestOutput {
  format: OutputFormat;
  /** Relative to the output folder. */
  path: string;
  bytes: number;
  sha256: string;
  /** Hash of everything this output depends on (the build cache key). */
  inputs: string;
  /** Set when the item failed and this is the output of its last good build. */
  stale?: boolean;
}

/** A fault as listed in the manifest. */
export interface ManifestDiagnostic {
  file: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
  hints?: string[];
}

/** One item of the manifest. */
export interface ManifestItem {
  id: string;
  /** Content file, relative to the project root. */
  source: string;
  status: 'built' | 'cached' | 'failed';
  outputs: ManifestOutput[];
  errors: ManifestDiagnostic[];
  warnings: ManifestDiagnostic[];
}

/** The `manifest.json` at the root of the output folder. */
export interface Manifest {
  tool: 'briefkit';
  version: string;
  /** ISO time the build started. */
  started: string;
  durationMs: number;
  items: ManifestItem[];
}

/** Converts a diagnostic to its manifest shape. */
export function toManifestDiagnostic(d: Diagnostic): ManifestDiagnostic {
  return {
    file: d.file,
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
    ...(d.path ? { path: d.path } : {}),
    message: d.message,
    ...(d.hints && d.hints.length > 0 ? { hints: d.hints } : {}),
  };
}

/** Whether parsed JSON is a manifest briefkit can use. */
function isManifest(parsed: unknown): parsed is Manifest {
  const manifest = parsed as Partial<Manifest> | null;
  return manifest !== null && typeof manifest === 'object' && manifest.tool === 'briefkit' && Array.isArray(manifest.items);
}

/** Reads an existing manifest, or undefined when there is none or it is unreadable (at once: one read, not a round trip through the thread pool for each step). */
export async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (isManifest(parsed)) return parsed;
  } catch {
    // No usable manifest: build everything.
  }
  return undefined;
}

/**
 * The last build's manifest as a build reads it: the file's bytes kept as
 * they are (off the JavaScript heap), each item parsed from its own bytes
 * when asked for (a fresh object every time). Parsed whole, a 1,000-item
 * manifest (1.4 MB) was a string and ~5 MB of objects kept in the build
 * thread's heap from the start, which made V8 double that thread's young
 * generation for the rest of the build (docs/performance.md, twelfth
 * session).
 */
export interface PreviousManifest {
  /** The item built from `source` (the last one, as a Map of the items gives), or undefined. */
  get(source: string): ManifestItem | undefined;
  /** Every item, in the file's order. */
  items(): ManifestItem[];
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Where each element of the top-level `items` array lies in the bytes, or
 * undefined when the file is not shaped as briefkit writes it (then it is
 * read whole). Quotes, backslashes, braces and brackets are ASCII, so they
 * never occur inside a UTF-8 sequence.
 */
function itemSpans(bytes: Uint8Array): { itemsAt: number; itemsEnd: number; spans: [number, number][] } | undefined {
  let depth = 0;
  let itemsAt = -1;
  let itemsEnd = -1;
  let found = 0;
  let start = -1;
  const spans: [number, number][] = [];
  const inItems = (): boolean => itemsAt >= 0 && itemsEnd < 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22) {
      // A string directly in the items array is not an item as briefkit writes them.
      if (depth === 2 && inItems() && start < 0) return undefined;
      const from = i;
      for (i++; i < bytes.length; i++) {
        const d = bytes[i]!;
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
      // At depth 1, the key "items" (written plainly, as briefkit does).
      if (depth === 1 && i - from === 6 && bytes[from + 1] === 0x69 && bytes[from + 2] === 0x74 && bytes[from + 3] === 0x65 && bytes[from + 4] === 0x6d && bytes[from + 5] === 0x73) {
        let j = i + 1;
        while (j < bytes.length && isSpace(bytes[j]!)) j++;
        if (bytes[j] === 0x3a) {
          j++;
          while (j < bytes.length && isSpace(bytes[j]!)) j++;
          if (bytes[j] !== 0x5b || found > 0) return undefined;
          found++;
          itemsAt = j;
          i = j;
          depth = 2;
        }
      }
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 3 && inItems()) {
        if (c !== 0x7b) return undefined;
        start = i;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 2 && start >= 0) {
        spans.push([start, i + 1]);
        start = -1;
      } else if (depth === 1 && inItems()) itemsEnd = i;
    } else if (depth === 2 && inItems() && start < 0 && c !== 0x2c && !isSpace(c)) {
      // Something other than an object in the items array.
      return undefined;
    }
  }
  if (found !== 1 || itemsEnd < 0) return undefined;
  // Between the items exactly one comma each, around them none (JSON's rule, which parsing each item alone does not check).
  const ends = [itemsAt + 1, ...spans.flatMap(([from, to]) => [from, to]), itemsEnd];
  for (let k = 0; k < ends.length; k += 2) {
    let commas = 0;
    for (let i = ends[k]!; i < ends[k + 1]!; i++) {
      if (bytes[i] === 0x2c) commas++;
      else if (!isSpace(bytes[i]!)) return undefined;
    }
    if (commas !== (k > 0 && k < ends.length - 2 ? 1 : 0)) return undefined;
  }
  return { itemsAt, itemsEnd, spans };
}

/** Whether every item of a manifest read whole is an object (briefkit writes nothing else; a build used to fail on null). */
function objectItems(items: unknown[]): boolean {
  return items.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
}

/** A manifest not shaped as briefkit writes it, read whole (the same answers, from one parse kept). */
function readWhole(bytes: Buffer): PreviousManifest | undefined {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (!isManifest(parsed) || !objectItems(parsed.items)) return undefined;
    const items = parsed.items;
    const bySource = new Map(items.map((item) => [item.source, item]));
    const copy = (item: ManifestItem): ManifestItem => JSON.parse(JSON.stringify(item)) as ManifestItem;
    return {
      get: (source) => {
        const item = bySource.get(source);
        return item && copy(item);
      },
      items: () => items.map(copy),
    };
  } catch {
    return undefined;
  }
}

/**
 * Reads the last build's manifest item by item (see PreviousManifest), or
 * undefined when there is none or it is unreadable: when `readManifest`
 * gives undefined, and when an item is not an object. Every item is parsed
 * here once, to check it, and dropped.
 */
export function readPreviousManifest(path: string): PreviousManifest | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const shaped = itemSpans(bytes);
  if (!shaped) return readWhole(bytes);
  const { itemsAt, itemsEnd, spans } = shaped;
  const text = (from: number, to: number): string => bytes.toString('utf8', from, to);
  const bySource = new Map<string, number>();
  try {
    const top = JSON.parse(`${text(0, itemsAt)}[]${text(itemsEnd + 1, bytes.length)}`) as Partial<Manifest>;
    if (!top || top.tool !== 'briefkit') return undefined;
    // The emptied array must be the manifest's items: a second "items" key written with an escape would win.
    if (!Array.isArray(top.items) || top.items.length !== 0) return readWhole(bytes);
    spans.forEach(([from, to], i) => bySource.set((JSON.parse(text(from, to)) as ManifestItem).source, i));
  } catch {
    return undefined;
  }
  const parse = (i: number): ManifestItem => JSON.parse(text(spans[i]![0], spans[i]![1])) as ManifestItem;
  return {
    get: (source) => {
      const i = bySource.get(source);
      return i === undefined ? undefined : parse(i);
    },
    items: () => spans.map((_, i) => parse(i)),
  };
}

/** Sorts manifest items by source, then id (contract §2). */
export function sortItems(items: ManifestItem[]): ManifestItem[] {
  return [...items].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Serialises a manifest the same way every time. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
