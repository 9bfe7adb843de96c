import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { slugify } from '../content/ids.js';
import { readSmallFile } from '../env/read.js';
import { TEMPLATE_OF_FORMAT, type OutputFormat, type TemplateName } from '../template/formats.js';
import { templateSetSummary } from '../template/set-sources.js';
import { createImageScanMemo, scanItemAssets, type ImageScanMemo } from './assets.js';
import { inputsHash } from './item-task.js';
import type { ManifestItem, ManifestOutput } from './manifest.js';
import type { Project } from './pipeline.js';
import { outputPath, type RenderOptions } from './renderers.js';

/** What the scan learnt about one content file before any rendering. */
export interface ScannedItem {
  file: string;
  /** The item's id, exactly as `prepareItem` derives it. */
  id: string;
  /** Set when nothing the requested outputs depend on changed: the manifest entry to keep. */
  cached?: ManifestItem;
}

/** Options of a scan. */
export interface ScanOptions {
  outDir: string;
  formats: readonly OutputFormat[];
  force: boolean;
  render: RenderOptions;
  sourceDateEpoch?: number | undefined;
  fontVersions: readonly string[];
  /** mtime of the previous manifest: outputs not modified since are trusted by size. */
  manifestMtimeMs: number;
}

/** The id `prepareItem` gives a file it could not parse: the slugified file name. */
export function fallbackIdOf(file: string): string {
  return slugify(file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')) || 'item';
}

/** The end of the line that starts at `at` (the index of its `\n`, or the length). */
function lineEnd(bytes: Uint8Array, at: number): number {
  const end = bytes.indexOf(0x0a, at);
  return end === -1 ? bytes.length : end;
}

/** Whether the bytes from `from` to `to` are all spaces (or none). */
function spacesOnly(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0x20) return false;
  return true;
}

/**
 * The id of a YAML content file that opens with `id: <its fallback id>`, as
 * `idOf` gives it, without parsing the file; undefined for any other file.
 *
 * Why this is exact: such a file's id is the fallback id whatever the rest
 * holds. If the file does not load (bad UTF-8, a syntax error anywhere, a
 * second `id`, too deep), `idOf` gives the fallback. If it loads, the line
 * is the first key of the top-level mapping — nothing but blank lines and
 * `#` comments at column 0 comes before it, so it cannot sit inside a
 * string or a collection — and its value is the plain scalar on that line
 * alone (the next line that holds anything starts at column 0, so it does
 * not continue the value): the fallback id itself, a string equal to it, or
 * (for an all-digit name, `true` and the like) a number or boolean, which
 * makes `idOf` give the fallback too. A carriage return anywhere up to that
 * next line (UTF-8 decoding turns a lone one into a line break) sends the
 * file to the full parse.
 */
export function quickIdOf(file: string, bytes: Uint8Array): string | undefined {
  const lower = file.toLowerCase();
  if (!lower.endsWith('.yaml') && !lower.endsWith('.yml')) return undefined;
  let at = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let end = lineEnd(bytes, at);
  while (at < bytes.length && (bytes[at] === 0x23 || spacesOnly(bytes, at, end))) {
    at = end + 1;
    end = lineEnd(bytes, at);
  }
  if (at >= bytes.length) return undefined;
  const match = /^id: +([a-z0-9-]+) *$/.exec(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', at, end));
  const fallback = fallbackIdOf(file);
  if (!match || match[1] !== fallback) return undefined;
  let next = end + 1;
  while (next < bytes.length) {
    const nextEnd = lineEnd(bytes, next);
    if (!spacesOnly(bytes, next, nextEnd)) {
      const first = bytes[next];
      if (first === 0x20 || first === 0x09 || first === 0x23) return undefined;
      break;
    }
    next = nextEnd + 1;
  }
  const checked = Math.min(bytes.length, lineEnd(bytes, Math.min(next, bytes.length)));
  if (bytes.subarray(0, checked).includes(0x0d)) return undefined;
  return fallback;
}

/** The id of a content file from its bytes: its `id` field, else the slugified file name. */
export async function idOf(file: string, bytes: Uint8Array): Promise<string> {
  // Most bench and generated items open with their own file name as `id:`.
  return quickIdOf(file, bytes) ?? parsedIdOf(file, bytes);
}

/** `idOf` by parsing the file (what `quickIdOf` must agree with). */
export async function parsedIdOf(file: string, bytes: Uint8Array): Promise<string> {
  // Loaded on first use: a no-op rebuild parses no content file.
  const { loadContent } = await import('../content/load.js');
  const loaded = loadContent(file, bytes);
  if (!loaded.ok) return fallbackIdOf(file);
  const raw = loaded.content.data.id;
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : fallbackIdOf(file);
}

const decoder = new TextDecoder();

/** What a quick look at a content file suggests, without parsing it. */
export interface Peek {
  id: string;
  /** The `template:` the file names, if any (the project's default applies otherwise). */
  template: string | undefined;
  srcs: string[];
}

/** A YAML scalar as a quick look reads it: quotes removed, a trailing comment dropped. */
export const unquote = (raw: string): string => {
  const value = raw.replace(/\s+#.*$/, '').trim();
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value;
    }
  }
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  return value;
};

/**
 * The lines of a file (split at `\n`) that contain `needle`, decoded as
 * UTF-8 (a leading byte order mark dropped, as TextDecoder drops it) and
 * joined by `\n`. A regular expression that only matches within a line and
 * only where `needle` is finds in them what it finds in the whole text, at a
 * fraction of the cost of decoding every file whole.
 */
function linesWith(buffer: Buffer, needle: string): string {
  const lines: string[] = [];
  const bom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  let from = 0;
  for (;;) {
    const at = buffer.indexOf(needle, from, 'latin1');
    if (at === -1) break;
    const start = at === 0 ? 0 : buffer.lastIndexOf(0x0a, at - 1) + 1;
    const newline = buffer.indexOf(0x0a, at);
    const end = newline === -1 ? buffer.length : newline;
    lines.push(buffer.toString('utf8', Math.max(start, bom), end));
    if (newline === -1) break;
    from = newline + 1;
  }
  return lines.join('\n');
}

/**
 * Guesses the id, template set and figure paths of a content file with a few
 * regular expressions (JSON is parsed). The guess only ever serves to confirm
 * a cache hit: its inputs hash must equal the one recorded from a real parse
 * of the same bytes, so a wrong guess costs a cache miss, never a wrong output.
 */
export function peek(file: string, bytes: Uint8Array): Peek {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      const data = JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
      const figures = Array.isArray(data.figures) ? (data.figures as unknown[]) : [];
      return {
        id: typeof data.id === 'string' && data.id.trim() !== '' ? data.id.trim() : fallbackIdOf(file),
        template: typeof data.template === 'string' && data.template !== '' ? data.template : undefined,
        srcs: figures.map((f) => (f && typeof f === 'object' ? (f as Record<string, unknown>).src : undefined)).filter((s): s is string => typeof s === 'string').map((s) => s.trim()),
      };
    } catch {
      return { id: fallbackIdOf(file), template: undefined, srcs: [] };
    }
  }
  // Each expression below matches within one line and only where its key is
  // written (a `src:` may follow the line break before it), so it runs on
  // the few lines holding that key rather than on the whole decoded file.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = /^id:[ \t]*(\S.*)$/m.exec(linesWith(buffer, 'id:'));
  const template = /^template:[ \t]*(\S.*)$/m.exec(linesWith(buffer, 'template:'));
  const srcs = [...linesWith(buffer, 'src:').matchAll(/(?:^|[\s{,])src:[ \t]*("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^,}\n]+)/g)].map((m) => unquote(m[1]!));
  return { id: id ? unquote(id[1]!) || fallbackIdOf(file) : fallbackIdOf(file), template: template ? unquote(template[1]!) : undefined, srcs };
}

/**
 * Whether an output listed in the manifest is intact on disk: the same size
 * and not modified since the manifest was written (then its sha256 is
 * trusted), else its bytes hash to the recorded sha256.
 */
function outputIntact(outDir: string, output: ManifestOutput, manifestMtimeMs: number): boolean {
  const path = join(outDir, output.path);
  // Synchronous on purpose: a no-op rebuild stats thousands of outputs, and
  // a stat through the thread pool costs several times a direct one.
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info || !info.isFile() || info.size !== output.bytes) return false;
  if (info.mtimeMs <= manifestMtimeMs) return true;
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex') === output.sha256;
  } catch {
    return false;
  }
}

/** The outputs of a manifest entry that are intact on disk, by format. */
export async function intactOutputs(outDir: string, old: ManifestItem | undefined, manifestMtimeMs: number): Promise<Map<OutputFormat, ManifestOutput>> {
  const intact = new Map<OutputFormat, ManifestOutput>();
  for (const output of old?.outputs ?? []) if (!output.stale && outputIntact(outDir, output, manifestMtimeMs)) intact.set(output.format, output);
  return intact;
}

/**
 * Scans one content file: its id, and whether its last build still stands.
 * An item counts as cached when it did not fail last time and every
 * requested output has the same inputs hash and is intact on disk; then
 * nothing about it is parsed or validated (the same bytes gave that result
 * before). Otherwise the file is parsed once for its id.
 */
export async function scanItem(project: Project, file: string, old: ManifestItem | undefined, options: ScanOptions): Promise<ScannedItem> {
  let bytes: Uint8Array;
  try {
    const path = join(project.env.root, file);
    // Read at once where the Env can: a no-op rebuild reads every content file, and this is most of its I/O.
    bytes = await readSmallFile(project.env, path);
  } catch {
    return { file, id: fallbackIdOf(file) };
  }
  if (old && old.status !== 'failed' && !options.force) {
    const cached = await cachedEntry(project, file, bytes, old, options);
    if (cached) return { file, id: old.id, cached };
  }
  return { file, id: await idOf(file, bytes) };
}

/** What the cache check needs of a template set. */
interface SetBasis {
  name: string;
  hash: string;
  templates: ReadonlySet<TemplateName>;
}

/** What one scan looks up once for all its items. */
interface ScanMemo {
  /** The template sets as the cache check sees them, by name. */
  sets: Map<string, Promise<SetBasis | undefined>>;
  /** The figures' image files, followed and read. */
  images: ImageScanMemo;
}

/**
 * The memory of a scan, keyed by the scan's options object (one per build: a
 * watch build sees templates and images edited since the last).
 */
const scanMemos = new WeakMap<ScanOptions, ScanMemo>();

function scanMemo(project: Project, options: ScanOptions): ScanMemo {
  let memo = scanMemos.get(options);
  if (!memo) {
    memo = { sets: new Map(), images: createImageScanMemo(project.env) };
    scanMemos.set(options, memo);
  }
  return memo;
}

/**
 * A template set's name, hash and templates for the cache check: the loaded
 * set when the project has it, else its files hashed without compiling it
 * (the same hash a build records), else — for a set that only loading can
 * judge, such as one with `helpers.mjs` — the set loaded.
 */
function setBasis(project: Project, options: ScanOptions, name: string): Promise<SetBasis | undefined> {
  const bases = scanMemo(project, options).sets;
  let basis = bases.get(name);
  if (!basis) {
    basis = (async (): Promise<SetBasis | undefined> => {
      const loaded = project.sets.get(name);
      if (!loaded) {
        const summary = await templateSetSummary(project.env, project.templateSearch, name);
        if (summary) return summary;
      }
      const { templateSet } = await import('./pipeline.js');
      const result = await templateSet(project, name);
      if (!result.ok) return undefined;
      const templates = new Set((Object.keys(result.set.templates) as TemplateName[]).filter((t) => result.set.templates[t] !== undefined));
      return { name: result.set.name, hash: result.set.hash, templates };
    })();
    bases.set(name, basis);
  }
  return basis;
}

async function cachedEntry(project: Project, file: string, bytes: Uint8Array, old: ManifestItem, options: ScanOptions): Promise<ManifestItem | undefined> {
  const guess = peek(file, bytes);
  if (guess.id !== old.id) return undefined;
  const set = await setBasis(project, options, guess.template ?? project.defaultTemplate);
  if (!set) return undefined;
  // The images' bytes, not checked again: see scanItemAssets.
  const assets = await scanItemAssets(project.env, file, guess.srcs, scanMemo(project, options).images);
  if (!assets) return undefined;
  const basis = { sourceSha256: createHash('sha256').update(bytes).digest('hex'), set, assets };
  const byFormat = new Map(old.outputs.map((o) => [o.format, o]));
  for (const format of options.formats) {
    if (!set.templates.has(TEMPLATE_OF_FORMAT[format])) {
      // Skipped formats leave a warning that the old entry must already carry.
      if (!old.warnings.some((w) => w.message.includes(`has no template for ${format}`))) return undefined;
      continue;
    }
    const previous = byFormat.get(format);
    if (!previous || previous.stale || previous.path !== outputPath(old.id, format)) return undefined;
    if (previous.inputs !== inputsHash(basis, format, options)) return undefined;
    // Only the outputs this build would write are looked at on disk, and only once their inputs match.
    if (!outputIntact(options.outDir, previous, options.manifestMtimeMs)) return undefined;
  }
  return { ...old, status: 'cached', outputs: old.outputs.map((o) => ({ ...o })) };
}
