import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { error, messageOf, type Diagnostic } from '../diagnostics/index.js';
import type { FontSet } from '../env/types.js';
import type { OutputFormat } from '../template/formats.js';
import type { ItemAssets } from './assets.js';
import { createdAt, documentFor, prepareItem, supportsFormat, type Project } from './pipeline.js';
import type { RenderResult } from '../render/types.js';
import { renderInProcess, type RenderJob } from './render-pool.js';
import { outputPath, type RenderOptions } from './renderers.js';
import { VERSION } from './version.js';

/**
 * The work of one item (or of some of its formats) that a render worker does
 * from start to end: read and validate the content file, merge and parse its
 * documents, render. Plain data, so it can be posted to a worker thread.
 */
export interface ItemTask {
  /** Content file, relative to the project root. */
  file: string;
  /** Formats to produce, in output order. */
  formats: OutputFormat[];
  /**
   * Inputs hashes of outputs already on disk and intact: a format whose
   * inputs hash is unchanged is reported `cached` and not rendered.
   */
  cached: Partial<Record<OutputFormat, string>>;
  render: RenderOptions;
  /** `SOURCE_DATE_EPOCH`, seconds. */
  sourceDateEpoch?: number;
  /** Package versions of the bundled fonts (part of every inputs hash). */
  fontVersions: string[];
  /**
   * Whether this task reports the item's own faults and warnings (loading,
   * validation). When an item's formats are split over several tasks, only
   * one is primary, so those are not reported twice.
   */
  primary: boolean;
  /**
   * Where rendered outputs go: each is written to `<spool><format>` as it
   * finishes (`AtomicWriter.spool`, in the output folder; the tasks an
   * item's formats are split into share one, as no two hold the same
   * format) and reported as
   * `spooled`, so its bytes never travel back to the thread that runs the
   * build. Absent: the bytes come back in the result.
   */
  spool?: string;
}

/** What became of one format of an item task. */
export type TaskOutput =
  | { format: OutputFormat; state: 'cached'; path: string; inputs: string }
  | ({ format: OutputFormat; state: 'rendered'; path: string; inputs: string; sha256: string; size: number } & ({ bytes: Uint8Array } | { spooled: string }))
  | { format: OutputFormat; state: 'failed' };

/** The result of an item task: its id, outputs, errors and warnings. */
export interface ItemTaskResult {
  id: string;
  /** False when the item could not be prepared (nothing was rendered). */
  prepared: boolean;
  outputs: TaskOutput[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** What an inputs hash covers besides the format and the options. */
export interface InputsBasis {
  sourceSha256: string;
  set: { name: string; hash: string };
  assets: Pick<ItemAssets, 'bytes' | 'sources'>;
}

/** The sha256 of each image's bytes, worked out once however many formats hash them. */
const assetDigests = new WeakMap<Uint8Array, string>();

function digestOf(bytes: Uint8Array): string {
  let digest = assetDigests.get(bytes);
  if (digest === undefined) {
    digest = createHash('sha256').update(bytes).digest('hex');
    assetDigests.set(bytes, digest);
  }
  return digest;
}

/** Hash of everything an output depends on: the build cache key (contract §2). */
export function inputsHash(basis: InputsBasis, format: OutputFormat, options: { render: RenderOptions; sourceDateEpoch?: number | undefined; fontVersions: readonly string[] }): string {
  const hash = createHash('sha256');
  hash.update(`briefkit ${VERSION}\u0000${format}\u0000`);
  hash.update(`content ${basis.sourceSha256}\u0000`);
  hash.update(`set ${basis.set.name} ${basis.set.hash}\u0000`);
  for (const bytes of basis.assets.bytes) hash.update(digestOf(bytes));
  hash.update(`\u0000${basis.assets.sources.join('\u0001')}\u0000`);
  hash.update(`fonts ${options.fontVersions.join(',')}\u0000`);
  hash.update(`epoch ${options.sourceDateEpoch ?? 'item-date'}\u0000`);
  if (format === 'outline') hash.update(`flavor ${options.render.outlineFlavor}\u0000`);
  // A fact sheet's streams are compressed by Node's own zlib, whose bytes
  // change with its version (the OOXML packages use a deflate of briefkit's).
  if (format === 'pdf') hash.update(`zlib ${process.versions.zlib}\u0000`);
  return hash.digest('hex');
}

/**
 * Formats of an item task that another thread renders: this thread prepares
 * the item and merges and parses the documents once, and posts the render
 * jobs of these formats (plain data) to `render` before it renders its own,
 * so a worker that has loaded the renderers never repeats the item's
 * preparation (a cold worker would spend longer on it than on the render).
 */
export interface RemoteRenders {
  formats: ReadonlySet<OutputFormat>;
  render: (job: RenderJob) => Promise<RenderResult>;
}

/** What one format of a task comes to before it is rendered. */
type ToRender = { format: OutputFormat; job: RenderJob; path: string; inputs: string };
type Planned = { format: OutputFormat; output: TaskOutput } | ToRender;
/** What a render of one format came to. */
type Settled = { output: TaskOutput; warnings: Diagnostic[]; error?: Diagnostic };

/**
 * Runs an item task in this thread: prepares the item, then renders each
 * format whose inputs changed (those in `remote.formats` through
 * `remote.render`). A renderer that throws fails that format only. Outputs,
 * warnings and errors come in the task's format order, whichever render
 * finishes first.
 */
export async function runItemTask(project: Project, task: ItemTask, fonts: () => FontSet, remote?: RemoteRenders): Promise<ItemTaskResult> {
  const result = await prepareItem(project, task.file);
  if (!result.ok) return { id: result.id, prepared: false, outputs: [], errors: task.primary ? result.diagnostics : [], warnings: task.primary ? result.warnings : [] };
  const prepared = result.prepared;
  const { item } = prepared;
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = task.primary ? [...prepared.warnings] : [];
  const planned: Planned[] = [];
  const docs = new Map<string, ReturnType<typeof documentFor>>();
  for (const format of task.formats) {
    if (!supportsFormat(prepared, format)) {
      warnings.push({ severity: 'warning', file: task.file, message: `template set \`${prepared.set.name}\` has no template for ${format}; skipped`, code: 'format-skipped' });
      continue;
    }
    const path = outputPath(item.id, format);
    const inputs = inputsHash(prepared, format, task);
    if (task.cached[format] === inputs) {
      planned.push({ format, output: { format, state: 'cached', path, inputs } });
      continue;
    }
    // The outline and the deck come from the same document.
    const docKey = format === 'pptx' ? 'outline' : format;
    let doc = docs.get(docKey);
    if (!doc) {
      doc = documentFor(prepared, format);
      docs.set(docKey, doc);
      if (!doc.ok) errors.push(...doc.diagnostics);
    }
    if (!doc.ok) {
      planned.push({ format, output: { format, state: 'failed' } });
      continue;
    }
    const job: RenderJob = { format, doc: doc.doc, theme: prepared.set.theme, assets: prepared.assets.assets, created: createdAt(item, task.sourceDateEpoch), options: task.render, ...(prepared.logo ? { logo: prepared.logo } : {}) };
    planned.push({ format, job, path, inputs });
  }
  // Remote jobs go first, so the other thread works while this one renders.
  const settle = (one: ToRender, rendering: Promise<RenderResult>): Promise<Settled> =>
    rendering.then(
      (rendered): Settled => {
        const { bytes } = rendered;
        const warned = rendered.warnings.map((w) => ({ ...w, file: task.file }));
        const done = { format: one.format, state: 'rendered' as const, path: one.path, inputs: one.inputs, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
        if (task.spool === undefined) return { output: { ...done, bytes }, warnings: warned };
        const spooled = `${task.spool}${one.format}`;
        try {
          // At once: a worker waiting for the thread pool would sit idle (it has one item at a time).
          // A part written before a failure goes with the spool folder at the build's end.
          writeFileSync(spooled, bytes);
        } catch (thrown) {
          return { output: { format: one.format, state: 'failed' }, warnings: warned, error: error(task.file, `could not write the ${one.format} output: ${messageOf(thrown)}`, { code: 'write' }) };
        }
        return { output: { ...done, spooled }, warnings: warned };
      },
      (thrown: unknown) => ({ output: { format: one.format, state: 'failed' }, warnings: [], error: error(task.file, `could not render the ${one.format} output: ${messageOf(thrown)}`, { code: 'render' }) }),
    );
  const settled = new Map<OutputFormat, Promise<Settled>>();
  for (const one of planned) {
    if ('job' in one && remote?.formats.has(one.format)) settled.set(one.format, settle(one, remote.render(one.job)));
  }
  for (const one of planned) {
    if ('job' in one && !settled.has(one.format)) {
      const local = settle(one, renderInProcess(one.job, fonts));
      settled.set(one.format, local);
      await local;
    }
  }
  const outputs: TaskOutput[] = [];
  for (const one of planned) {
    if (!('job' in one)) {
      outputs.push(one.output);
      continue;
    }
    const done = await settled.get(one.format)!;
    outputs.push(done.output);
    warnings.push(...done.warnings);
    if (done.error) errors.push(done.error);
  }
  return { id: item.id, prepared: true, outputs, errors, warnings };
}
