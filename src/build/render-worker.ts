/**
 * The entry of a render worker thread: it takes the fonts once at start,
 * imports the renderers it is told to preload, then renders one job per
 * message and answers with the bytes (transferred) and warnings, or with the
 * renderer's error message. A failing job never ends the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from '../diagnostics/index.js';
import { renderInputOf, type WorkerRequest, type WorkerResponse, type WorkerStart } from './render-pool.js';
import { loadRenderer, renderFormat } from './renderers.js';

const port = parentPort;
if (!port) throw new Error('render-worker.js runs only as a worker thread');
const start = workerData as WorkerStart;

// Loading pdfkit and fontkit takes longer than merging a document: start now.
const preloaded = Promise.all(start.preload.map((format) => loadRenderer(format)));

port.on('message', (request: WorkerRequest) => {
  const { job } = request;
  preloaded
    .then(() => renderFormat(job.format, renderInputOf(job, start.fonts), job.options))
    .then(
      (result) => {
        const response: WorkerResponse = { id: request.id, ok: true, result };
        // Hand the buffer over without a copy when the bytes own all of it
        // (a view into a shared pool cannot be transferred).
        const { buffer, byteOffset, byteLength } = result.bytes;
        const whole = buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength;
        port.postMessage(response, whole ? [buffer] : []);
      },
      (thrown: unknown) => {
        const response: WorkerResponse = { id: request.id, ok: false, message: messageOf(thrown) };
        port.postMessage(response);
      },
    );
});
