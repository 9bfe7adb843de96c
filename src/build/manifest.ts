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

/** Reads an existing manifest, or undefined when there is none or it is unreadable (at once: one read, not a round trip through the thread pool for each step). */
export async function readManifest(path: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    if (parsed && parsed.tool === 'briefkit' && Array.isArray(parsed.items)) return parsed;
  } catch {
    // No usable manifest: build everything.
  }
  return undefined;
}

/** Sorts manifest items by source, then id (contract §2). */
export function sortItems(items: ManifestItem[]): ManifestItem[] {
  return [...items].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Serialises a manifest the same way every time. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
