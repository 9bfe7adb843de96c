import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Doc, Theme } from '../doc/index.js';
import type { FontSet } from '../env/types.js';
import type { Asset, RenderInput, RenderResult } from '../render/types.js';
import type { OutputFormat } from '../template/formats.js';
import type { TemplateSearchPath } from '../template/index.js';
import type { ItemTask, ItemTaskResult } from './item-task.js';
import { renderFormat, type RenderOptions } from './renderers.js';

/**
 * One output to render: everything a renderer needs except the fonts, as
 * plain data that survives `structuredClone`, so it can go to a worker thread.
 */
export interface RenderJob {
  format: OutputFormat;
  doc: Doc;
  theme: Theme;
  /** Images keyed by `Figure.src`. */
  assets: ReadonlyMap<string, Asset>;
  /** `SOURCE_DATE_EPOCH` or the item's date (see `createdAt`). */
  created: Date;
  /** The theme's logo, when it has one (`RenderInput.logo`). */
  logo?: Asset;
  options: RenderOptions;
}

/**
 * The renderer input of a job with the fonts added (the same in this thread
 * and in a worker). Given a getter, the fonts are read only if the renderer
 * asks for them (only the fact sheet draws glyphs): an outline-only build
 * never reads the font files.
 */
export function renderInputOf(job: RenderJob, fonts: FontSet | (() => FontSet)): RenderInput {
  const input = { doc: job.doc, theme: job.theme, assets: job.assets, created: job.created } as RenderInput;
  if (typeof fonts === 'function') {
    let loaded: FontSet | undefined;
    Object.defineProperty(input, 'fonts', { get: () => (loaded ??= fonts()), enumerable: true, configurable: true });
  } else input.fonts = fonts;
  if (job.logo !== undefined) input.logo = job.logo;
  return input;
}

/** Renders jobs, in this thread or in worker threads; `close` ends any workers. */
export interface RenderPool {
  /** Renders one job; a failure inside the renderer (or its worker) rejects with an Error. */
  render(job: RenderJob): Promise<RenderResult>;
  /**
   * Runs a whole item task (prepare, merge, parse, render) in a worker, or in
   * this thread through `local` when there are no workers. Rejects only when
   * the worker dies or the pool closes; item faults are in the result.
   */
  runItem(task: ItemTask, affinity?: number): Promise<ItemTaskResult>;
  /** Worker threads this pool may run at once (0: everything runs in this thread). */
  readonly workers: number;
  /** Whether this thread also takes item tasks while workers run (see `localLane`). */
  readonly localLane: boolean;
  /** Terminates the workers; pending jobs reject. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of `createRenderPool`. */
export interface RenderPoolOptions {
  /**
   * Renders that may run at once, this thread included (`--jobs`; default
   * `os.availableParallelism()`). 1 renders everything in this thread.
   */
  jobs?: number;
  /** The fonts: read once here and handed to each worker when it starts (see `workersReadFonts`). */
  fonts: () => FontSet;
  /**
   * Workers read the bundled fonts themselves (when the fonts above are the
   * bundled ones, as the Node Env's are): a worker then starts without waiting
   * for this thread to read them, and this thread never reads them unless it
   * sets a fact sheet itself.
   */
  workersReadFonts?: boolean;
  /**
   * The compiled worker entry (`dist/build/render-worker.js`). When it does
   * not exist (running from `src/` under a TypeScript loader), every job
   * renders in this thread.
   */
  workerUrl?: URL;
  /** Formats a new worker imports before its first job, so loading overlaps other work. */
  preload?: readonly OutputFormat[];
  /** Item mode: worker `i` preloads group `i` (modulo), matching tasks run with affinity `i`. */
  preloadGroups?: readonly (readonly OutputFormat[])[];
  /**
   * The project item tasks run in: its root and template folders go to each
   * worker (which loads each template set once), and `local` runs item tasks
   * in this thread when there are no workers.
   */
  project?: { root: string; templateSearch: readonly TemplateSearchPath[]; defaultTemplate: string; local: (task: ItemTask) => Promise<ItemTaskResult> };
  /**
   * Item mode: `jobs` workers run item tasks and this thread only
   * coordinates (and never renders `render()` jobs itself while a worker is
   * free). Without it, `jobs - 1` workers plus this thread render.
   */
  itemMode?: boolean;
  /**
   * Item mode for a handful of items: `jobs - 1` workers plus this thread, so
   * a one-item build starts one worker fewer (this thread has loaded the
   * content modules already).
   */
  localLane?: boolean;
  /**
   * A request a worker has not answered within this many milliseconds
   * (`--item-timeout`): the worker is stopped, the request rejects with an
   * `ItemTimeoutError`, anything else it held goes back to the queue, and a
   * fresh worker takes the next request. Counted from when the request is
   * posted to the worker (so a worker's first request includes its start-up).
   * Work that runs in this thread cannot be stopped and has no limit: the
   * caller gives the pool no local lane when it sets one.
   */
  timeoutMs?: number;
}

/** A request to a worker that did not finish within the pool's `timeoutMs`; its worker was stopped. */
export class ItemTimeoutError extends Error {
  override readonly name = 'ItemTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`did not finish within ${Number((timeoutMs / 1000).toFixed(3))} s`);
  }
}

/** A message from the main thread to a render worker: one render job or one item task. */
export type WorkerRequest = { id: number; job: RenderJob } | { id: number; task: ItemTask };

/** A message from a render worker: the bytes and warnings (or an item task's result), or the error message. */
export type WorkerResponse = { id: number; ok: true; result: RenderResult } | { id: number; ok: true; item: ItemTaskResult } | { id: number; ok: false; message: string };

/** Heap limits of a render worker (see where it is started). */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 16 } as const;

/**
 * `Worker`, loaded when the first worker starts: a one-item build that
 * renders in this thread never loads Node's worker modules (~3 ms cold).
 */
let WorkerClass: typeof Worker | undefined;
function startWorker(url: URL, options: ConstructorParameters<typeof Worker>[1]): Worker {
  WorkerClass ??= (createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')).Worker;
  return new WorkerClass(url, options);
}

/** What a render worker gets when it starts. */
export interface WorkerStart {
  /** The fonts; absent: the worker reads the bundled fonts when it first needs them. */
  fonts?: FontSet;
  preload: readonly OutputFormat[];
  /** Where item tasks read their files (absent: the worker only renders jobs). */
  project?: { root: string; templateSearch: readonly TemplateSearchPath[]; defaultTemplate: string };
}

/** What a worker started ahead of its pool gets at once: the formats it will surely render. */
export interface PrespawnStart {
  prespawned: true;
  preload: readonly OutputFormat[];
}

/** The first message of a prespawned worker: its start, as other workers get it in `workerData`. */
export interface WorkerStartMessage {
  start: WorkerStart;
}

/** Workers started by `prespawnWorker` and not yet taken by a pool, with their entry. */
const prespawned: { worker: Worker; href: string }[] = [];

/**
 * Starts a render worker before the build knows what it will give it, so
 * that the thread's start-up (~70 ms of Node bootstrap, then loading the
 * renderers in `preload`) overlaps this thread's own (reading the config,
 * the template sets, scanning the items). The next pool that needs a worker
 * takes it and sends its start as the first message. A worker no pool takes
 * keeps nothing alive (it is unref'd) and ends with `discardPrespawned` or
 * the process. Returns false when no worker can start (no compiled entry).
 */
export function prespawnWorker(preload: readonly OutputFormat[], workerUrl: URL = defaultWorkerUrl()): boolean {
  if (workerUrl.protocol !== 'file:' || !existsSync(fileURLToPath(workerUrl))) return false;
  const data: PrespawnStart = { prespawned: true, preload };
  const worker = startWorker(workerUrl, { workerData: data, resourceLimits: WORKER_LIMITS });
  worker.unref();
  const entry = { worker, href: workerUrl.href };
  // A worker that dies before a pool takes it is simply not taken.
  const gone = () => {
    const at = prespawned.indexOf(entry);
    if (at !== -1) prespawned.splice(at, 1);
  };
  worker.once('error', gone);
  worker.once('exit', gone);
  prespawned.push(entry);
  return true;
}

/** How many prespawned workers wait for a pool. */
export function prespawnedWorkers(): number {
  return prespawned.length;
}

/** Ends the prespawned workers no pool took. */
export async function discardPrespawned(): Promise<void> {
  await Promise.all(prespawned.splice(0).map(({ worker }) => worker.terminate()));
}

/** A prespawned worker of this entry, given its start, or undefined. */
function takePrespawned(url: URL, start: WorkerStart): Worker | undefined {
  const at = prespawned.findIndex((entry) => entry.href === url.href);
  if (at === -1) return undefined;
  const { worker } = prespawned.splice(at, 1)[0]!;
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  const message: WorkerStartMessage = { start };
  worker.postMessage(message);
  return worker;
}

/** The worker entry next to this module (compiled `dist/build/render-worker.js`). */
export function defaultWorkerUrl(): URL {
  return new URL('./render-worker.js', import.meta.url);
}

/** Renders a job in this thread. */
export function renderInProcess(job: RenderJob, fonts: FontSet | (() => FontSet)): Promise<RenderResult> {
  return renderFormat(job.format, renderInputOf(job, fonts), job.options);
}

type Pending =
  | { kind: 'job'; job: RenderJob; resolve: (result: RenderResult) => void; reject: (error: Error) => void }
  | { kind: 'task'; task: ItemTask; affinity: number | undefined; resolve: (result: ItemTaskResult) => void; reject: (error: Error) => void };

interface Slot {
  worker: Worker;
  /** What the worker was sent and has not answered, by request id. */
  busy: Map<number, Pending>;
  /** The time limit of each request in `busy` (with `timeoutMs`). */
  timers: Map<number, NodeJS.Timeout>;
}

/**
 * Creates a render pool: `jobs - 1` worker threads plus this thread. A job
 * goes to an idle worker first (keeping this thread free to merge and parse
 * the next document), else runs here if this thread is not rendering, else
 * waits. Workers start on the first job, or at once when `preload` is given.
 */
export function createRenderPool(options: RenderPoolOptions): RenderPool {
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const url = options.workerUrl ?? defaultWorkerUrl();
  // A time limit needs a worker even for one job at a time: only a worker can be stopped.
  const wanted = jobs > 1 || (options.timeoutMs !== undefined && options.itemMode === true && !options.localLane);
  const usable = wanted && url.protocol === 'file:' && existsSync(fileURLToPath(url));
  const workerCount = !usable ? 0 : options.itemMode && !options.localLane ? jobs : jobs - 1;
  let fonts: FontSet | undefined;
  const font = (): FontSet => (fonts ??= options.fonts());
  const slots: (Slot | undefined)[] = new Array<Slot | undefined>(workerCount).fill(undefined);
  const queue: Pending[] = [];
  let localBusy = false;
  let closed = false;
  let nextId = 1;

  /** Empties a slot: returns what it was sent and has not answered, and stops their time limits. */
  const drain = (slot: Slot): Pending[] => {
    const pending = [...slot.busy.values()];
    slot.busy.clear();
    for (const timer of slot.timers.values()) clearTimeout(timer);
    slot.timers.clear();
    return pending;
  };

  const spawn = (index: number): Slot => {
    const groups = options.preloadGroups;
    const preload = !options.preload?.length ? [] : options.itemMode ? (groups?.length ? [...groups[index % groups.length]!] : [...options.preload]) : [options.preload[index % options.preload.length]!];
    const start: WorkerStart = { ...(options.workersReadFonts ? {} : { fonts: font() }), preload, ...(options.project ? { project: { root: options.project.root, templateSearch: options.project.templateSearch, defaultTemplate: options.project.defaultTemplate } } : {}) };
    // A worker's live heap stays near 50 MB, but V8 sizes its heap from the
    // machine's memory and collects lazily, so each worker's RSS would climb
    // past 200 MB; a 384 MB old-generation ceiling and a 16 MB young
    // generation keep the process near 300 MB with two workers, for ~5% more
    // CPU (measured: docs/performance.md). A worker that runs out of memory
    // fails its item, never the build.
    const worker = takePrespawned(url, start) ?? startWorker(url, { workerData: start, resourceLimits: WORKER_LIMITS });
    const slot: Slot = { worker, busy: new Map(), timers: new Map() };
    worker.on('message', (message: WorkerResponse) => {
      const pending = slot.busy.get(message.id);
      if (!pending) return;
      slot.busy.delete(message.id);
      clearTimeout(slot.timers.get(message.id));
      slot.timers.delete(message.id);
      if (!message.ok) pending.reject(new Error(message.message));
      else if (pending.kind === 'task' && 'item' in message) pending.resolve(message.item);
      else if (pending.kind === 'job' && 'result' in message) pending.resolve(message.result);
      else pending.reject(new Error('the render worker answered with the wrong kind of result'));
      pump();
    });
    const fail = (error: Error): void => {
      // The worker is gone: its job fails (an item error, never a crash) and a
      // fresh worker takes the next job.
      if (slots[index] === slot) slots[index] = undefined;
      for (const one of drain(slot)) one.reject(error);
      pump();
    };
    worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
    worker.on('exit', (code) => fail(new Error(`the render worker stopped (exit code ${code})`)));
    // An idle worker never keeps the process alive.
    worker.unref();
    slots[index] = slot;
    return slot;
  };

  const runLocal = (pending: Pending): void => {
    localBusy = true;
    const toError = (thrown: unknown): Error => (thrown instanceof Error ? thrown : new Error(String(thrown)));
    const run: Promise<void> =
      pending.kind === 'job'
        ? renderInProcess(pending.job, font).then(pending.resolve, (thrown: unknown) => pending.reject(toError(thrown)))
        : options.project
          ? options.project.local(pending.task).then(pending.resolve, (thrown: unknown) => pending.reject(toError(thrown)))
          : Promise.resolve(pending.reject(new Error('item tasks need a project')));
    run.finally(() => {
        localBusy = false;
        pump();
      });
  };

  // A request past its time: the worker is stopped (it may be stuck in a
  // loop that never yields, so nothing short of terminate() ends it). Only
  // that request fails; the others it held were not at fault and go back to
  // the head of the queue, for a fresh worker.
  const expire = (slot: Slot, id: number, timeoutMs: number): void => {
    const late = slot.busy.get(id);
    if (!late) return;
    const index = slots.indexOf(slot);
    if (index !== -1) slots[index] = undefined;
    slot.busy.delete(id);
    const others = drain(slot);
    slot.worker.removeAllListeners('message');
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    // A worker that errors while it is being stopped must not be an unhandled 'error' event.
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    late.reject(new ItemTimeoutError(timeoutMs));
    queue.unshift(...others);
    pump();
  };

  const idle = (slot: Slot | undefined) => slot === undefined || slot.busy.size === 0;
  // A render job may also go to a worker that has only render jobs in hand:
  // it starts them as they come (a few-item build's worker gets the fact
  // sheet and the outline at once, instead of the second only when this
  // thread, busy rendering its own formats, next looks).
  const onlyJobs = (slot: Slot | undefined) => slot !== undefined && [...slot.busy.values()].every((one) => one.kind === 'job');
  const pump = (): void => {
    while (queue.length > 0 && !closed) {
      const head = queue[0]!;
      // A task goes to the worker that preloaded its renderers when that one is idle.
      const preferred = head.kind === 'task' && head.affinity !== undefined && workerCount > 0 ? head.affinity % workerCount : -1;
      let free = preferred !== -1 && idle(slots[preferred]) ? preferred : slots.findIndex(idle);
      if (free === -1 && head.kind === 'job' && options.itemMode) free = slots.findIndex(onlyJobs);
      if (free !== -1) {
        const slot = slots[free] ?? spawn(free);
        const pending = queue.shift()!;
        const id = nextId++;
        slot.busy.set(id, pending);
        if (options.timeoutMs !== undefined) {
          const timeoutMs = options.timeoutMs;
          slot.timers.set(id, setTimeout(() => expire(slot, id, timeoutMs), timeoutMs));
        }
        slot.worker.ref();
        const request: WorkerRequest = pending.kind === 'job' ? { id, job: pending.job } : { id, task: pending.task };
        slot.worker.postMessage(request);
        continue;
      }
      // In item mode this thread takes item tasks only with a local lane, and
      // render jobs (posted by its own item tasks, for the formats the workers
      // preloaded) only when there are no workers at all.
      const here = !options.itemMode || workerCount === 0 || (options.localLane === true && head.kind === 'task');
      if (!localBusy && here) {
        runLocal(queue.shift()!);
        continue;
      }
      break;
    }
    for (const slot of slots) if (slot && slot.busy.size === 0) slot.worker.unref();
  };

  if (options.preload?.length) for (let index = 0; index < workerCount; index++) spawn(index);

  return {
    workers: workerCount,
    localLane: workerCount > 0 && options.itemMode === true && options.localLane === true,
    render(job) {
      if (closed) return Promise.reject(new Error('the render pool is closed'));
      return new Promise<RenderResult>((resolve, reject) => {
        queue.push({ kind: 'job', job, resolve, reject });
        pump();
      });
    },
    runItem(task, affinity) {
      if (closed) return Promise.reject(new Error('the render pool is closed'));
      return new Promise<ItemTaskResult>((resolve, reject) => {
        queue.push({ kind: 'task', task, affinity, resolve, reject });
        pump();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the render pool is closed'));
      await Promise.all(
        slots.map(async (slot, index) => {
          if (!slot) return;
          slots[index] = undefined;
          slot.worker.removeAllListeners('exit');
          for (const one of drain(slot)) one.reject(new Error('the render pool is closed'));
          await slot.worker.terminate();
        }),
      );
    },
  };
}
