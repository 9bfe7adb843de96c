/**
 * The entry of a render worker thread: it takes the fonts once at start,
 * imports the renderers it is told to preload, then answers one message at a
 * time — a render job (bytes and warnings) or a whole item task (prepare,
 * merge, parse and render, with the template sets loaded once per worker) —
 * transferring output bytes instead of copying them. A failing job never ends
 * the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from '../diagnostics/index.js';
import { loadBundledFonts } from '../env/fonts.js';
import type { FontSet } from '../env/types.js';
import type { ItemTaskResult } from './item-task.js';
import type { Project } from './pipeline.js';
import type { OutputFormat } from '../template/formats.js';
import { renderInputOf, type PrespawnStart, type WorkerRequest, type WorkerResponse, type WorkerStart, type WorkerStartMessage } from './render-pool.js';
import { loadRenderer, renderFormat } from './renderers.js';

const port = parentPort;
if (!port) throw new Error('render-worker.js runs only as a worker thread');

// A worker started ahead of its pool (`prespawnWorker`) gets its start as its
// first message; until then it has only begun loading the renderers it was
// told it would surely need.
const early = workerData as WorkerStart | PrespawnStart;
let start: WorkerStart | undefined = 'prespawned' in early ? undefined : early;
let fonts: FontSet | undefined = start?.fonts;
/** The fonts the main thread handed over, else the bundled ones, read on first use. */
const fontsOf = (): FontSet => (fonts ??= loadBundledFonts());

// Loading pdfkit and fontkit takes longer than merging a document: start now.
const loading = new Map<OutputFormat, Promise<unknown>>();
const load = (formats: readonly OutputFormat[]): Promise<unknown> => {
  for (const format of formats) if (!loading.has(format)) loading.set(format, loadRenderer(format));
  return Promise.all(formats.map((format) => loading.get(format)));
};
let preloaded: Promise<unknown> = load(early.preload);

// Until the first job, a worker that will set fact sheets shapes common
// words, which makes fontkit decode the fonts' layout tables now rather than
// in the middle of the first document.
let busy = false;
if (early.preload.includes('pdf')) {
  void preloaded
    .then(() => import('../render/pdf/shaping.js'))
    .then(({ warmUpShaping }) => {
      const { primary } = fontsOf();
      return warmUpShaping([primary.regular, primary.bold, primary.italic], () => busy);
    })
    .catch(() => undefined);
}

// The worker's project: its template sets are loaded on the first item that
// needs them and kept for the worker's life (one per worker, not per item).
let project: Promise<Project> | undefined;
const projectOf = (): Promise<Project> => {
  const where = start?.project;
  if (!where) return Promise.reject(new Error('this worker was started without a project'));
  project ??= Promise.all([import('../env/node.js'), import('./pipeline.js')]).then(([{ createNodeEnv }, { createProject }]) => {
    const env = createNodeEnv(where.root);
    return createProject({ ...env, fonts: fontsOf }, where.templateSearch, where.defaultTemplate);
  });
  return project;
};

/** Buffers that own all their memory can be moved to the main thread without a copy. */
function transferable(bytes: Uint8Array): ArrayBuffer[] {
  const { buffer, byteOffset, byteLength } = bytes;
  return buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength ? [buffer] : [];
}

port.on('message', (request: WorkerRequest | WorkerStartMessage) => {
  if ('start' in request) {
    start = request.start;
    fonts ??= start.fonts;
    preloaded = load([...early.preload, ...start.preload]);
    return;
  }
  busy = true;
  const fail = (thrown: unknown) => {
    const response: WorkerResponse = { id: request.id, ok: false, message: messageOf(thrown) };
    port.postMessage(response);
  };
  if ('task' in request) {
    const { task } = request;
    Promise.all([projectOf(), import('./item-task.js'), preloaded])
      .then(([p, { runItemTask }]) => runItemTask(p, task, fontsOf))
      .then((item: ItemTaskResult) => {
        const response: WorkerResponse = { id: request.id, ok: true, item };
        const transfer: ArrayBuffer[] = [];
        for (const output of item.outputs) if (output.state === 'rendered' && 'bytes' in output) transfer.push(...transferable(output.bytes));
        // Two outputs sharing one buffer cannot both be transferred.
        port.postMessage(response, new Set(transfer).size === transfer.length ? transfer : []);
      }, fail);
    return;
  }
  const { job } = request;
  preloaded
    .then(() => renderFormat(job.format, renderInputOf(job, fontsOf), job.options))
    .then((result) => {
      const response: WorkerResponse = { id: request.id, ok: true, result };
      port.postMessage(response, transferable(result.bytes));
    }, fail);
});
