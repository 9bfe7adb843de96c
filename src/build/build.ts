import { statSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { compareDiagnostics, error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import { bundledFontVersions } from '../env/fonts.js';
import type { OutputFormat } from '../template/formats.js';
import { discoverContent } from './discover.js';
import type { ItemTask, ItemTaskResult, RemoteRenders, TaskOutput } from './item-task.js';
import { acquireOutputLock, type OutputLock } from './lock.js';
import { readPreviousManifest, serializeManifest, sortItems, toManifestDiagnostic, type Manifest, type ManifestItem, type ManifestOutput, type PreviousManifest } from './manifest.js';
import type { Project } from './pipeline.js';
import { createRenderPool, ItemTimeoutError, type RenderPool } from './render-pool.js';
import type { RenderOptions } from './renderers.js';
import { intactOutputs, scanItem, type ScannedItem, type ScanOptions } from './scan.js';
import { shardOf, type Shard } from './shard.js';
import { VERSION } from './version.js';
import { AtomicWriter } from './write.js';

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
  /**
   * Called once the items to build are known (before the first finishes), with
   * the number of render worker threads (0: this thread renders every item).
   */
  onStart?: (event: { total: number; toRender: number; workers: number }) => void;
  /** Called when another build holds the output folder and this one waits for it. */
  onWait?: (holder: string) => void;
  /** Stops the build (between items; running renders are abandoned) when aborted. */
  signal?: AbortSignal;
  /**
   * Renders that may run at once (`--jobs`; default
   * `os.availableParallelism()`): that many worker threads each take whole
   * items; 1 renders everything in this thread.
   */
  jobs?: number;
  /** The compiled render worker entry; default `render-worker.js` next to the build module. */
  workerUrl?: URL;
  /**
   * Fail an item whose render has not finished after this many milliseconds
   * (`--item-timeout`), stopping its worker. Every item then renders in a
   * worker thread (with `jobs: 1`, one worker), since work in this thread
   * cannot be stopped. Absent: no limit.
   */
  itemTimeoutMs?: number;
  /** A pool to reuse across builds (watch mode keeps its workers warm); the build does not close it. */
  pool?: RenderPool;
  /** Called with the writer while the build runs, so a process that must exit at once can remove its temporary files. */
  onWriter?: (writer: AtomicWriter | undefined, lock: OutputLock | undefined) => void;
}

/** Progress: one item finished. */
export interface ItemEvent {
  index: number;
  total: number;
  item: ManifestItem;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** Render time of the item in its worker, in milliseconds (absent for cached items). */
  ms?: number;
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
  /** The items this build finished, with their render times (milliseconds). */
  timings: { id: string; source: string; status: ManifestItem['status']; ms: number }[];
}

const FORMAT_ORDER: readonly OutputFormat[] = ['pdf', 'docx', 'outline', 'pptx'];
/** Relative CPU cost of each format in a cold process (loading its renderer included), to split one item's formats between a worker and this thread. */
const FORMAT_WEIGHT: Record<OutputFormat, number> = { pdf: 4, docx: 3, pptx: 3, outline: 1 };
/**
 * What is left of a render worker's start-up in the same units: the worker
 * started early (src/cli/early.ts) boots and loads the heaviest format while
 * this thread prepares the item, so only a little of it still counts.
 */
const WORKER_START_WEIGHT = 1;

/**
 * Splits formats into at most `bins` groups of similar cost, for a handful of
 * items: group 0 is the workers' (the formats they preload and are sent), the
 * rest this thread's. The heaviest format opens group 0; each next one,
 * heaviest first, goes to the group that would finish first, counting what is
 * left of the workers' start-up. Four formats on two lanes: pdf and the
 * outline in the worker (sent together: see the render pool), docx and pptx
 * here.
 */
export function splitFormats(formats: readonly OutputFormat[], bins: number): OutputFormat[][] {
  const count = Math.max(1, Math.min(bins, formats.length));
  const groups: { formats: OutputFormat[]; weight: number }[] = Array.from({ length: count }, (_, index) => ({ formats: [], weight: index === 0 && count > 1 ? WORKER_START_WEIGHT : 0 }));
  for (const [rank, format] of [...formats].sort((a, b) => FORMAT_WEIGHT[b] - FORMAT_WEIGHT[a]).entries()) {
    const target = rank === 0 ? groups[0]! : groups.reduce((best, g) => (g.weight < best.weight ? g : best));
    target.formats.push(format);
    target.weight += FORMAT_WEIGHT[format];
  }
  return groups.filter((g) => g.formats.length > 0).map((g) => g.formats.sort((a, b) => FORMAT_ORDER.indexOf(a) - FORMAT_ORDER.indexOf(b)));
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Builds every content item under the given paths into the output folder,
 * merging into the existing manifest, which doubles as the cache. Items are
 * scanned first (ids for duplicate detection and shards, cache hits without
 * parsing), then rendered whole in a pool of worker threads, a bounded
 * window at a time, and each output is written atomically as it arrives, so
 * memory stays flat however many items there are. One failing item never
 * stops the others; the output folder is locked for the build's duration.
 */
export async function build(project: Project, options: BuildOptions): Promise<BuildReport> {
  const env = project.env;
  const startedMs = env.now();
  const started = new Date(startedMs).toISOString();
  const discovery = await discoverContent(env, options.cwd, options.paths.length > 0 ? options.paths : ['content']);
  const emptyManifest: Manifest = { tool: 'briefkit', version: VERSION, started, durationMs: 0, items: [] };
  if (discovery.diagnostics.length > 0) {
    return { manifest: emptyManifest, usage: discovery.diagnostics, errors: [], warnings: [], interrupted: false, exitCode: 2, timings: [] };
  }
  let lock: OutputLock;
  try {
    lock = await acquireOutputLock(options.outDir, { ...(options.signal ? { signal: options.signal } : {}), ...(options.onWait ? { onWait: options.onWait } : {}) });
  } catch (thrown) {
    if ((thrown as Error).name === 'AbortError') return { manifest: emptyManifest, usage: [], errors: [], warnings: [], interrupted: true, exitCode: 130, timings: [] };
    throw thrown;
  }
  const writer = new AtomicWriter();
  options.onWriter?.(writer, lock);
  try {
    await writer.removeLeftoverSpools(options.outDir);
    const manifestPath = join(options.outDir, 'manifest.json');
    const previous = readPreviousManifest(manifestPath);
    const manifestMtimeMs = previous ? (statSync(manifestPath, { throwIfNoEntry: false })?.mtimeMs ?? 0) : 0;
    // When outputs will surely be rendered, workers start now and import
    // their renderers while this thread scans the items.
    const eager = options.force || previous === undefined;
    const pool = options.pool ?? createBuildPool(project, options, { eager, items: discovery.files.length });
    const onAbort = () => void pool.close();
    options.signal?.addEventListener('abort', onAbort);
    try {
      return await buildWith(project, options, pool, { started, startedMs, manifestPath, manifestMtimeMs, writer, discovery, previous });
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      if (!options.pool) await pool.close();
    }
  } finally {
    await writer.cleanup();
    await lock.release();
    options.onWriter?.(undefined, undefined);
  }
}

/**
 * The worker pool of a build: `jobs` workers that take whole items (none for
 * `--jobs 1`). With `eager`, workers start at once and import the renderers
 * they will need (for a handful of items each worker preloads the formats it
 * will be given), so loading overlaps the scan.
 */
export function createBuildPool(project: Project, options: Pick<BuildOptions, 'jobs' | 'formats' | 'workerUrl' | 'itemTimeoutMs'>, hint: { eager: boolean; items: number }): RenderPool {
  const env = project.env;
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  // With a time limit everything renders in workers: this thread cannot be stopped.
  const limited = options.itemTimeoutMs !== undefined;
  const few = hint.items < jobs * 2;
  const groups = few && jobs > 1 ? splitFormats(options.formats, jobs) : [options.formats];
  // One item in one format: a worker would only add its start-up.
  const lanes = !limited && few && groups.length === 1 && hint.items <= 1 ? 1 : jobs;
  const pool = createRenderPool({
    jobs: lanes,
    itemMode: true,
    localLane: few && !limited,
    ...(limited ? { timeoutMs: options.itemTimeoutMs } : {}),
    fonts: () => env.fonts(),
    // A worker reads the project from disk with the Node Env, whose fonts are
    // the bundled ones: it reads them itself.
    workersReadFonts: true,
    project: { root: env.root, templateSearch: project.templateSearch, defaultTemplate: project.defaultTemplate, local: (task) => runHere(project, task) },
    ...(options.workerUrl !== undefined ? { workerUrl: options.workerUrl } : {}),
    ...(hint.eager ? { preload: options.formats, preloadGroups: groups } : {}),
  });
  return pool;
}

interface BuildState {
  started: string;
  startedMs: number;
  manifestPath: string;
  manifestMtimeMs: number;
  writer: AtomicWriter;
  discovery: Awaited<ReturnType<typeof discoverContent>>;
  previous: PreviousManifest | undefined;
}

async function buildWith(project: Project, options: BuildOptions, pool: RenderPool, state: BuildState): Promise<BuildReport> {
  const env = project.env;
  const { started, startedMs, manifestPath, manifestMtimeMs, writer, discovery, previous } = state;
  const fontVersions = bundledFontVersions();
  const scanOptions: ScanOptions = { outDir: options.outDir, formats: options.formats, force: options.force, render: options.render, sourceDateEpoch: options.sourceDateEpoch, fontVersions, manifestMtimeMs };

  // Every item is scanned (also those of other shards) so duplicate ids are caught in each shard.
  const scanned = await mapLimit(discovery.files, 8, (file) => scanItem(project, file, previous?.get(file), scanOptions));
  const idOwners = new Map<string, string[]>();
  for (const { id, file } of scanned) idOwners.set(id, [...(idOwners.get(id) ?? []), file]);
  const selected = scanned.filter(({ id }) => !options.shard || shardOf(id, options.shard.count) === options.shard.index);

  const results: ManifestItem[] = [];
  const allErrors: Diagnostic[] = [];
  const allWarnings: Diagnostic[] = [];
  const timings: BuildReport['timings'] = [];
  let done = 0;
  const finish = (entry: ManifestItem, errors: Diagnostic[], warnings: Diagnostic[], ms: number | undefined): void => {
    entry.errors = [...errors].sort(compareDiagnostics).map(toManifestDiagnostic);
    entry.warnings = [...warnings].sort(compareDiagnostics).map(toManifestDiagnostic);
    results.push(entry);
    allErrors.push(...errors);
    allWarnings.push(...warnings);
    if (ms !== undefined) timings.push({ id: entry.id, source: entry.source, status: entry.status, ms });
    options.onItem?.({ index: ++done, total: selected.length, item: entry, errors, warnings, ...(ms !== undefined ? { ms } : {}) });
  };

  const toRender: ScannedItem[] = [];
  for (const item of selected) {
    const owners = idOwners.get(item.id) ?? [];
    if (owners.length > 1) continue; // reported below, with the item's own faults
    if (item.cached) continue;
    toRender.push(item);
  }
  options.onStart?.({ total: selected.length, toRender: toRender.length, workers: pool.workers });
  for (const item of selected) {
    const owners = idOwners.get(item.id) ?? [];
    if (item.cached && owners.length <= 1) finish(item.cached, [], item.cached.warnings.map((w) => ({ severity: 'warning' as const, ...w })), undefined);
  }
  for (const item of selected) {
    const owners = idOwners.get(item.id) ?? [];
    if (owners.length <= 1) continue;
    const others = owners.filter((f) => f !== item.file);
    const { errors: own, warnings, at } = await duplicateContext(project, item.file);
    // An item that does not even load reports its own faults only (as before).
    const errors = own.length > 0 ? own : [error(item.file, `id \`${item.id}\` is also used by ${others.join(', ')}; ids must be unique across a build`, { ...at, path: 'id', code: 'duplicate-id', hints: ['give one of them a different `id:` (or rename the file)'] })];
    const old = previous?.get(item.file);
    finish(await failedEntry(item.id, item.file, old, options.outDir, manifestMtimeMs), errors, warnings, undefined);
  }

  // Render the rest, a bounded window of items at a time; each item's
  // outputs are written as soon as they arrive, then forgotten. At least four
  // in flight even in this thread alone (--jobs 1): while one item's images
  // are read and another's outputs written, the thread sets the next (two
  // left it idle ~6% of a 150-item build).
  const lanes = pool.workers + (pool.localLane ? 1 : 0);
  const few = toRender.length < Math.max(1, lanes) * 2;
  const groups = few && lanes > 1 ? splitFormats(options.formats, lanes) : [options.formats];
  const window = Math.max(4, pool.workers * 2);
  // A handful of items split over this thread and workers: this thread
  // prepares each item and posts the render jobs of the workers' formats
  // (group 0, the ones they preloaded), so no worker prepares an item again.
  let local: RunItem | undefined;
  if (groups.length > 1 && pool.localLane) {
    const remote: RemoteRenders = { formats: new Set(groups[0]), render: (job) => pool.render(job) };
    local = (task) => runHere(project, task, remote);
  }
  const running = new Set<Promise<void>>();
  for (const item of toRender) {
    if (options.signal?.aborted) break;
    while (running.size >= window) await Promise.race(running);
    if (options.signal?.aborted) break;
    const run: Promise<void> = renderItem(item, previous?.get(item.file), groups, options, pool, local, writer, fontVersions, manifestMtimeMs).then(
      (outcome) => {
        if (outcome) finish(outcome.entry, outcome.errors, outcome.warnings, outcome.ms);
      },
      (thrown: unknown) => {
        // A fault of the build itself (say, the disk is full): the item fails,
        // the others go on; its earlier outputs stay listed (stale), as on disk.
        const old = previous?.get(item.file);
        const outputs = old && old.id === item.id ? old.outputs.map((o) => ({ ...o, stale: true })) : [];
        const entry: ManifestItem = { id: item.id, source: item.file, status: 'failed', outputs, errors: [], warnings: [] };
        finish(entry, [error(item.file, `could not build: ${messageOf(thrown)}`, { code: 'build' })], [], undefined);
      },
    );
    const tracked = run.finally(() => running.delete(tracked));
    running.add(tracked);
  }
  await Promise.all(running);
  const interrupted = options.signal?.aborted === true;

  // Outputs of items whose id changed go; items from earlier builds that this
  // build did not touch stay; those whose source is gone from a scanned path go.
  for (const entry of results) {
    const old = previous?.get(entry.source);
    if (old && old.id !== entry.id) await removeOutputs(options.outDir, old.outputs.map((o) => o.path));
  }
  const touched = new Set(results.map((r) => r.source));
  const found = new Set(discovery.files);
  const kept: ManifestItem[] = [];
  for (const item of previous?.items() ?? []) {
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
  const failed = results.some((r) => r.status === 'failed');
  return {
    manifest,
    usage: [],
    errors: allErrors.sort(compareDiagnostics),
    warnings: allWarnings.sort(compareDiagnostics),
    interrupted,
    exitCode: interrupted ? 130 : failed ? 1 : 0,
    timings,
  };
}

/** The faults of an item that also has a duplicate id, and where its id is written. */
async function duplicateContext(project: Project, file: string): Promise<{ errors: Diagnostic[]; warnings: Diagnostic[]; at: { line?: number; column?: number } }> {
  const { prepareItem } = await import('./pipeline.js');
  const result = await prepareItem(project, file);
  if (!result.ok) return { errors: result.diagnostics, warnings: result.warnings, at: {} };
  const at = result.prepared.item.positions.value.get('id');
  return { errors: [], warnings: result.prepared.warnings, at: at ? { line: at.line, column: at.column } : {} };
}

/** A failed item keeps the outputs of its last good build that are still intact, marked stale. */
async function failedEntry(id: string, source: string, old: ManifestItem | undefined, outDir: string, manifestMtimeMs: number): Promise<ManifestItem> {
  const intact = old && old.id === id ? await intactOutputs(outDir, { ...old, outputs: old.outputs.map((o) => ({ ...o, stale: false })) }, manifestMtimeMs) : new Map<OutputFormat, ManifestOutput>();
  const outputs = [...intact.values()].map((o) => ({ ...o, stale: true }));
  return { id, source, status: 'failed', outputs, errors: [], warnings: [] };
}

/** Runs a whole item task in this thread (see `runHere`). */
type RunItem = (task: ItemTask) => Promise<ItemTaskResult>;

/** Runs an item task in this thread (item-task.js is loaded on first use), the `remote` formats' renders posted elsewhere. */
async function runHere(project: Project, task: ItemTask, remote?: RemoteRenders): Promise<ItemTaskResult> {
  const { runItemTask } = await import('./item-task.js');
  return runItemTask(project, task, () => project.env.fonts(), remote);
}

/**
 * Renders one item (its format groups as separate tasks when workers would
 * otherwise idle, or through `local`, which prepares it here and posts the
 * workers' formats as render jobs), writes its new outputs and returns its manifest entry, or
 * undefined when the build was interrupted before its outputs were written.
 */
async function renderItem(
  scanned: ScannedItem,
  old: ManifestItem | undefined,
  groups: OutputFormat[][],
  options: BuildOptions,
  pool: RenderPool,
  local: RunItem | undefined,
  writer: AtomicWriter,
  fontVersions: string[],
  manifestMtimeMs: number,
): Promise<{ entry: ManifestItem; errors: Diagnostic[]; warnings: Diagnostic[]; ms: number } | undefined> {
  const source = scanned.file;
  const sameId = old && old.id === scanned.id ? old : undefined;
  // Which of the last outputs are intact: the cache, unless --force; then
  // only asked again if a format fails (it keeps its last good output).
  const intact = options.force ? undefined : await intactOutputs(options.outDir, sameId, manifestMtimeMs);
  const cached: ItemTask['cached'] = {};
  for (const [format, output] of intact ?? []) cached[format] = output.inputs;
  const started = Date.now();
  // The item's tasks write its outputs into the writer's spool; they are moved into place below.
  const spool = await writer.spool(options.outDir);
  const taskOf = (formats: OutputFormat[], primary: boolean): ItemTask => ({ file: source, formats, cached, render: options.render, fontVersions, primary, spool, ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}) });
  const settled = local
    ? [
        await local(taskOf(options.formats, true)).then(
          (result) => ({ formats: options.formats, result }),
          (thrown: unknown) => ({ formats: options.formats, thrown }),
        ),
      ]
    : await Promise.all(
        groups.map((formats, index) =>
          pool.runItem(taskOf(formats, index === 0), groups.length > 1 ? index : undefined).then(
            (result) => ({ formats, result }),
            (thrown: unknown) => ({ formats, thrown }),
          ),
        ),
      );
  if (options.signal?.aborted) return undefined;
  const ms = Date.now() - started;
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let id = scanned.id;
  let prepared = true;
  const produced: TaskOutput[] = [];
  const timedOut: { formats: OutputFormat[]; error?: ItemTimeoutError } = { formats: [] };
  for (const one of settled) {
    if ('thrown' in one) {
      // The worker died (or was stopped): these formats fail, the item's others stand.
      for (const format of one.formats) produced.push({ format, state: 'failed' });
      if (one.thrown instanceof ItemTimeoutError) {
        timedOut.formats.push(...one.formats);
        timedOut.error = one.thrown;
        continue;
      }
      for (const format of one.formats) errors.push(error(source, `could not render the ${format} output: ${messageOf(one.thrown)}`, { code: 'render' }));
      continue;
    }
    const result: ItemTaskResult = one.result;
    id = result.id;
    prepared &&= result.prepared;
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    produced.push(...result.outputs);
  }
  if (timedOut.error) {
    // One error for the item, however many workers its formats were split over.
    const formats = FORMAT_ORDER.filter((format) => timedOut.formats.includes(format));
    const what = formats.length === options.formats.length ? 'the item' : `its ${formats.join(', ')} output${formats.length > 1 ? 's' : ''}`;
    errors.push(
      error(source, `rendering ${what} ${timedOut.error.message} (--item-timeout), so its worker was stopped`, {
        code: 'timeout',
        hints: ['a render should never hang: please report this item', 'if items this large need longer, raise --item-timeout (or `itemTimeout` in briefkit.config.yaml)'],
      }),
    );
  }
  const previousOf = sameId && sameId.id === id ? sameId : undefined;
  if (!prepared) {
    return { entry: await failedEntry(id, source, previousOf, options.outDir, manifestMtimeMs), errors, warnings, ms };
  }
  const outputs = new Map<OutputFormat, ManifestOutput>();
  // Outputs of formats this build does not write stay as they were.
  for (const output of previousOf?.outputs ?? []) if (!options.formats.includes(output.format)) outputs.set(output.format, { ...output });
  let rendered = 0;
  for (const output of produced.sort((a, b) => FORMAT_ORDER.indexOf(a.format) - FORMAT_ORDER.indexOf(b.format))) {
    if (output.state === 'failed') continue;
    if (output.state === 'cached') {
      const before = intact?.get(output.format);
      if (before) outputs.set(output.format, { format: output.format, path: output.path, bytes: before.bytes, sha256: before.sha256, inputs: output.inputs });
      continue;
    }
    try {
      const target = join(options.outDir, output.path);
      await ('spooled' in output ? writer.adopt(output.spooled, target) : writer.write(target, output.bytes));
      outputs.set(output.format, { format: output.format, path: output.path, bytes: output.size, sha256: output.sha256, inputs: output.inputs });
      rendered++;
    } catch (thrown) {
      errors.push(error(source, `could not write the ${output.format} output: ${messageOf(thrown)}`, { code: 'write' }));
    }
  }
  if (errors.length > 0) {
    // Keep the last good outputs of the formats that failed, marked stale
    // (their files are as they were: only formats that succeeded were written).
    const kept = previousOf ? (intact ?? (await intactOutputs(options.outDir, sameId, manifestMtimeMs))) : undefined;
    for (const format of options.formats) {
      const before = kept?.get(format);
      if (before && !outputs.has(format)) outputs.set(format, { ...before, stale: true });
    }
  }
  const ordered = [...outputs.values()].sort((a, b) => FORMAT_ORDER.indexOf(a.format) - FORMAT_ORDER.indexOf(b.format));
  const status = errors.length > 0 ? 'failed' : rendered > 0 ? 'built' : 'cached';
  return { entry: { id, source, status, outputs: ordered, errors: [], warnings: [] }, errors, warnings, ms };
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
