import { createHash } from 'node:crypto';
import { readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { compareDiagnostics, error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import { bundledFontVersions } from '../env/fonts.js';
import type { OutputFormat } from '../template/formats.js';
import { discoverContent } from './discover.js';
import { readManifest, serializeManifest, sortItems, toManifestDiagnostic, type Manifest, type ManifestItem, type ManifestOutput } from './manifest.js';
import { createdAt, documentFor, prepareItem, supportsFormat, type PreparedItem, type Project } from './pipeline.js';
import { createRenderPool, type RenderPool } from './render-pool.js';
import { outputPath, type RenderOptions } from './renderers.js';
import { shardOf, type Shard } from './shard.js';
import { VERSION } from './version.js';
import { AtomicWriter } from './write.js';
import type { RenderResult } from '../render/types.js';

/** Options of a build; the CLI translates flags into these, once. */
export interface BuildOptions {
  /** Working directory the `paths` are relative to. */
  cwd: string;
  /** Files or folders to build (default: `content`). */
  paths: string[];
  /** Absolute output folder. */
  outDir: string;
  formats: OutputFormat[];
  /** Ignore the cache (the manifest's inputs hashes). */
  force: boolean;
  /** Build only this shard of the items. */
  shard?: Shard;
  render: RenderOptions;
  /** `SOURCE_DATE_EPOCH`, seconds. */
  sourceDateEpoch?: number;
  /** Called as items finish, for progress output. */
  onItem?: (event: ItemEvent) => void;
  /** Stops the build between outputs when aborted. */
  signal?: AbortSignal;
  /**
   * Renders that may run at once, this thread included (`--jobs`; default
   * `os.availableParallelism()`); 1 renders everything in this thread.
   */
  jobs?: number;
  /** The compiled render worker entry; default `render-worker.js` next to the build module. */
  workerUrl?: URL;
}

/** Progress: one item finished. */
export interface ItemEvent {
  index: number;
  total: number;
  item: ManifestItem;
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** What a build did. */
export interface BuildReport {
  manifest: Manifest;
  /** Usage-level faults (bad paths) that stopped the build before it began. */
  usage: Diagnostic[];
  /** Every error and warning, sorted. */
  errors: Diagnostic[];
  warnings: Diagnostic[];
  interrupted: boolean;
  /** 0 all built, 1 some failed, 2 usage error, 130 interrupted. */
  exitCode: number;
}

/**
 * Builds every content item under the given paths into the output folder,
 * writing each output atomically and merging into the existing manifest,
 * which doubles as the cache. One failing item never stops the others.
 */
export async function build(project: Project, options: BuildOptions): Promise<BuildReport> {
  const env = project.env;
  const startedMs = env.now();
  const started = new Date(startedMs).toISOString();
  const manifestPath = join(options.outDir, 'manifest.json');
  const writer = new AtomicWriter();
  const discovery = await discoverContent(env, options.cwd, options.paths.length > 0 ? options.paths : ['content']);
  const emptyManifest: Manifest = { tool: 'briefkit', version: VERSION, started, durationMs: 0, items: [] };
  if (discovery.diagnostics.length > 0) {
    return { manifest: emptyManifest, usage: discovery.diagnostics, errors: [], warnings: [], interrupted: false, exitCode: 2 };
  }
  const previous = await readManifest(manifestPath);
  const previousBySource = new Map((previous?.items ?? []).map((item) => [item.source, item]));
  // When outputs will surely be rendered, workers start now and import their
  // renderers while this thread loads and merges the items.
  const eager = options.force || previous === undefined;
  const pool = createRenderPool({
    fonts: () => env.fonts(),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.workerUrl !== undefined ? { workerUrl: options.workerUrl } : {}),
    ...(eager ? { preload: options.formats } : {}),
  });
  try {
    return await buildWith(project, options, pool, { started, startedMs, manifestPath, writer, discovery, previous, previousBySource });
  } finally {
    await pool.close();
  }
}

interface BuildState {
  started: string;
  startedMs: number;
  manifestPath: string;
  writer: AtomicWriter;
  discovery: Awaited<ReturnType<typeof discoverContent>>;
  previous: Manifest | undefined;
  previousBySource: Map<string, ManifestItem>;
}

async function buildWith(project: Project, options: BuildOptions, pool: RenderPool, state: BuildState): Promise<BuildReport> {
  const env = project.env;
  const { started, startedMs, manifestPath, writer, discovery, previous, previousBySource } = state;

  // Every item is prepared (also those of other shards) so duplicate ids are caught in each shard.
  const prepared = await Promise.all(discovery.files.map((file) => prepareItem(project, file)));
  const idOwners = new Map<string, string[]>();
  prepared.forEach((result, index) => {
    const id = result.ok ? result.prepared.item.id : result.id;
    idOwners.set(id, [...(idOwners.get(id) ?? []), discovery.files[index]!]);
  });

  const fontVersions = bundledFontVersions();
  const results: ManifestItem[] = [];
  const allErrors: Diagnostic[] = [];
  const allWarnings: Diagnostic[] = [];
  let interrupted = false;
  const selected = discovery.files.map((file, index) => ({ file, index })).filter(({ index }) => {
    if (!options.shard) return true;
    const result = prepared[index]!;
    return shardOf(result.ok ? result.prepared.item.id : result.id, options.shard.count) === options.shard.index;
  });

  for (const [position, { file, index }] of selected.entries()) {
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    const result = prepared[index]!;
    const old = previousBySource.get(file);
    const errors: Diagnostic[] = [];
    const warnings: Diagnostic[] = [];
    let entry: ManifestItem;
    if (!result.ok) {
      errors.push(...result.diagnostics);
      warnings.push(...result.warnings);
      entry = failedEntry(result.id, file, old);
    } else {
      warnings.push(...result.prepared.warnings);
      const owners = idOwners.get(result.prepared.item.id) ?? [];
      if (owners.length > 1) {
        const others = owners.filter((f) => f !== file);
        const at = result.prepared.item.positions.value.get('id');
        errors.push(error(file, `id \`${result.prepared.item.id}\` is also used by ${others.join(', ')}; ids must be unique across a build`, { ...at, path: 'id', code: 'duplicate-id', hints: ['give one of them a different `id:` (or rename the file)'] }));
        entry = failedEntry(result.prepared.item.id, file, old);
      } else {
        const built = await buildItem(result.prepared, file, old, options, writer, fontVersions, pool);
        interrupted = built.interrupted;
        errors.push(...built.errors);
        warnings.push(...built.warnings);
        entry = built.entry;
      }
    }
    entry.errors = [...errors].sort(compareDiagnostics).map(toManifestDiagnostic);
    entry.warnings = [...warnings].sort(compareDiagnostics).map(toManifestDiagnostic);
    if (old && old.id !== entry.id) await removeOutputs(options.outDir, old.outputs.map((o) => o.path));
    results.push(entry);
    allErrors.push(...errors);
    allWarnings.push(...warnings);
    options.onItem?.({ index: position + 1, total: selected.length, item: entry, errors, warnings });
    if (interrupted) break;
  }

  // Keep items from earlier builds that this build did not touch; drop those whose source is gone from a scanned path.
  const touched = new Set(results.map((r) => r.source));
  const found = new Set(discovery.files);
  const kept: ManifestItem[] = [];
  for (const item of previous?.items ?? []) {
    if (touched.has(item.source)) continue;
    const underScanned = discovery.scanned.some((scan) => scan === '' || item.source === scan || item.source.startsWith(`${scan}/`));
    if (underScanned && !found.has(item.source) && !interrupted) {
      await removeOutputs(options.outDir, item.outputs.map((o) => o.path));
      continue;
    }
    kept.push(item);
  }
  const manifest: Manifest = {
    tool: 'briefkit',
    version: VERSION,
    started,
    durationMs: Math.max(0, Math.round(env.now() - startedMs)),
    items: sortItems([...kept, ...results]),
  };
  await writer.write(manifestPath, serializeManifest(manifest));
  await writer.cleanup();
  const failed = results.some((r) => r.status === 'failed');
  return {
    manifest,
    usage: [],
    errors: allErrors.sort(compareDiagnostics),
    warnings: allWarnings.sort(compareDiagnostics),
    interrupted,
    exitCode: interrupted ? 130 : failed ? 1 : 0,
  };
}

/** A failed item keeps the outputs of its last good build, marked stale. */
function failedEntry(id: string, source: string, old: ManifestItem | undefined): ManifestItem {
  const outputs = old && old.id === id ? old.outputs.map((o) => ({ ...o, stale: true })) : [];
  return { id, source, status: 'failed', outputs, errors: [], warnings: [] };
}

async function buildItem(
  prepared: PreparedItem,
  source: string,
  old: ManifestItem | undefined,
  options: BuildOptions,
  writer: AtomicWriter,
  fontVersions: string[],
  pool: RenderPool,
): Promise<{ entry: ManifestItem; errors: Diagnostic[]; warnings: Diagnostic[]; interrupted: boolean }> {
  const { item } = prepared;
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const oldOutputs = new Map((old && old.id === item.id ? old.outputs : []).map((o) => [o.format, o]));
  const outputs = new Map<OutputFormat, ManifestOutput>();
  // Outputs of formats this build does not write stay as they were.
  for (const [format, output] of oldOutputs) if (!options.formats.includes(format)) outputs.set(format, { ...output });
  let rendered = 0;
  let interrupted = false;
  const docs = new Map<string, ReturnType<typeof documentFor>>();
  // Every output to render is handed to the pool at once (they may run in
  // parallel); results are written in format order.
  const renders: { format: OutputFormat; relPath: string; inputs: string; result: Promise<{ ok: true; value: RenderResult } | { ok: false; thrown: unknown }> }[] = [];
  for (const format of options.formats) {
    if (options.signal?.aborted) {
      interrupted = true;
      break;
    }
    if (!supportsFormat(prepared, format)) {
      warnings.push({ severity: 'warning', file: source, message: `template set \`${prepared.set.name}\` has no template for ${format}; skipped`, code: 'format-skipped' });
      continue;
    }
    const relPath = outputPath(item.id, format);
    const inputs = inputsHash(prepared, format, options, fontVersions);
    const previous = oldOutputs.get(format);
    if (!options.force && previous && previous.inputs === inputs && previous.path === relPath && (await fileMatches(join(options.outDir, relPath), previous.sha256))) {
      outputs.set(format, { format, path: relPath, bytes: previous.bytes, sha256: previous.sha256, inputs });
      continue;
    }
    const docKey = format === 'pptx' ? 'outline' : format;
    let docResult = docs.get(docKey);
    if (!docResult) {
      docResult = documentFor(prepared, format);
      docs.set(docKey, docResult);
      if (!docResult.ok) errors.push(...docResult.diagnostics);
    }
    if (!docResult.ok) continue;
    const job = { format, doc: docResult.doc, theme: prepared.set.theme, assets: prepared.assets.assets, created: createdAt(item, options.sourceDateEpoch), options: options.render, ...(prepared.logo ? { logo: prepared.logo } : {}) };
    renders.push({ format, relPath, inputs, result: pool.render(job).then((value) => ({ ok: true as const, value }), (thrown: unknown) => ({ ok: false as const, thrown })) });
  }
  for (const { format, relPath, inputs, result: pending } of renders) {
    const settled = await pending;
    if (!settled.ok) {
      errors.push(error(source, `could not render the ${format} output: ${messageOf(settled.thrown)}`, { code: 'render' }));
      continue;
    }
    const result = settled.value;
    try {
      warnings.push(...result.warnings.map((w) => ({ ...w, file: source })));
      await writer.write(join(options.outDir, relPath), result.bytes);
      outputs.set(format, { format, path: relPath, bytes: result.bytes.length, sha256: createHash('sha256').update(result.bytes).digest('hex'), inputs });
      rendered++;
    } catch (thrown) {
      errors.push(error(source, `could not render the ${format} output: ${messageOf(thrown)}`, { code: 'render' }));
    }
  }
  const ordered = [...outputs.values()].sort((a, b) => FORMAT_ORDER.indexOf(a.format) - FORMAT_ORDER.indexOf(b.format));
  if (errors.length > 0) {
    // Keep the last good outputs of the formats that failed, marked stale.
    for (const format of options.formats) {
      const previous = oldOutputs.get(format);
      if (previous && !ordered.some((o) => o.format === format) && (await fileMatches(join(options.outDir, previous.path), previous.sha256))) ordered.push({ ...previous, stale: true });
    }
    ordered.sort((a, b) => FORMAT_ORDER.indexOf(a.format) - FORMAT_ORDER.indexOf(b.format));
  }
  const status = errors.length > 0 ? 'failed' : rendered > 0 ? 'built' : 'cached';
  return { entry: { id: item.id, source, status, outputs: ordered, errors: [], warnings: [] }, errors, warnings, interrupted };
}

const FORMAT_ORDER: readonly OutputFormat[] = ['pdf', 'docx', 'outline', 'pptx'];

/** Hash of everything an output depends on: the build cache key. */
function inputsHash(prepared: PreparedItem, format: OutputFormat, options: BuildOptions, fontVersions: string[]): string {
  const hash = createHash('sha256');
  hash.update(`briefkit ${VERSION}\u0000${format}\u0000`);
  hash.update(`content ${prepared.sourceSha256}\u0000`);
  hash.update(`set ${prepared.set.name} ${prepared.set.hash}\u0000`);
  for (const bytes of prepared.assets.bytes) hash.update(createHash('sha256').update(bytes).digest('hex'));
  hash.update(`\u0000${prepared.assets.sources.join('\u0001')}\u0000`);
  hash.update(`fonts ${fontVersions.join(',')}\u0000`);
  hash.update(`epoch ${options.sourceDateEpoch ?? 'item-date'}\u0000`);
  if (format === 'outline') hash.update(`flavor ${options.render.outlineFlavor}\u0000`);
  return hash.digest('hex');
}

async function fileMatches(path: string, sha256: string): Promise<boolean> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex') === sha256;
  } catch {
    return false;
  }
}

/** Removes outputs (paths relative to the output folder) and their folder if it is left empty. */
async function removeOutputs(outDir: string, paths: readonly string[]): Promise<void> {
  const base = resolve(outDir);
  for (const rel of paths) {
    const abs = resolve(base, rel);
    if (!abs.startsWith(`${base}/`)) continue; // never outside the output folder
    await rm(abs, { force: true });
    try {
      await rmdir(dirname(abs));
    } catch {
      // Not empty, or already gone.
    }
  }
}
