import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { slugify } from '../content/ids.js';
import { emptyPositions } from '../content/positions.js';
import { TEMPLATE_OF_FORMAT, type OutputFormat, type TemplateName } from '../template/formats.js';
import { templateSetSummary } from '../template/set-sources.js';
import { loadItemAssets } from './assets.js';
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

/** The id of a content file from its bytes: its `id` field, else the slugified file name. */
export async function idOf(file: string, bytes: Uint8Array): Promise<string> {
  // Loaded on first use: a no-op rebuild parses no content file.
  const { loadContent } = await import('../content/load.js');
  const loaded = loadContent(file, bytes);
  if (!loaded.ok) return fallbackIdOf(file);
  const raw = loaded.content.data.id;
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : fallbackIdOf(file);
}

const decoder = new TextDecoder();

/** What a quick look at a content file suggests, without parsing it. */
interface Peek {
  id: string;
  /** The `template:` the file names, if any (the project's default applies otherwise). */
  template: string | undefined;
  srcs: string[];
}

const unquote = (raw: string): string => {
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
 * Guesses the id, template set and figure paths of a content file with a few
 * regular expressions (JSON is parsed). The guess only ever serves to confirm
 * a cache hit: its inputs hash must equal the one recorded from a real parse
 * of the same bytes, so a wrong guess costs a cache miss, never a wrong output.
 */
function peek(file: string, text: string): Peek {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
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
  const id = /^id:[ \t]*(\S.*)$/m.exec(text);
  const template = /^template:[ \t]*(\S.*)$/m.exec(text);
  const srcs = [...text.matchAll(/(?:^|[\s{,])src:[ \t]*("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^,}\n]+)/g)].map((m) => unquote(m[1]!));
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
    bytes = await project.env.readFile(join(project.env.root, file));
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

/**
 * The template sets as a scan's cache check sees them, by name, read once per
 * scan (keyed by the scan's options object, one per build: a watch build sees
 * templates edited since the last).
 */
const setBases = new WeakMap<ScanOptions, Map<string, Promise<SetBasis | undefined>>>();

/**
 * A template set's name, hash and templates for the cache check: the loaded
 * set when the project has it, else its files hashed without compiling it
 * (the same hash a build records), else — for a set that only loading can
 * judge, such as one with `helpers.mjs` — the set loaded.
 */
function setBasis(project: Project, options: ScanOptions, name: string): Promise<SetBasis | undefined> {
  let bases = setBases.get(options);
  if (!bases) {
    bases = new Map();
    setBases.set(options, bases);
  }
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
  const guess = peek(file, decoder.decode(bytes));
  if (guess.id !== old.id) return undefined;
  const set = await setBasis(project, options, guess.template ?? project.defaultTemplate);
  if (!set) return undefined;
  const assets = await loadItemAssets(project.env, { file, data: { figures: guess.srcs.map((src) => ({ src })) }, positions: emptyPositions() });
  if (!assets.ok) return undefined;
  const basis = { sourceSha256: createHash('sha256').update(bytes).digest('hex'), set, assets: assets.assets };
  const byFormat = new Map(old.outputs.map((o) => [o.format, o]));
  const intact = await intactOutputs(options.outDir, old, options.manifestMtimeMs);
  for (const format of options.formats) {
    if (!set.templates.has(TEMPLATE_OF_FORMAT[format])) {
      // Skipped formats leave a warning that the old entry must already carry.
      if (!old.warnings.some((w) => w.message.includes(`has no template for ${format}`))) return undefined;
      continue;
    }
    const previous = byFormat.get(format);
    if (!previous || previous.path !== outputPath(old.id, format) || !intact.has(format)) return undefined;
    if (previous.inputs !== inputsHash(basis, format, options)) return undefined;
  }
  return { ...old, status: 'cached', outputs: old.outputs.map((o) => ({ ...o })) };
}
