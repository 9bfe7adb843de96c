import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRenderPool, discardPrespawned, ItemTimeoutError, prespawnedWorkers, prespawnWorker, renderInProcess, type RenderJob } from '../../src/build/render-pool.js';
import { defaultRenderOptions } from '../../src/build/renderers.js';
import type { Doc } from '../../src/doc/types.js';
import { OUTPUT_FORMATS } from '../../src/template/formats.js';
import { kitchenSinkDoc, kitchenSinkInput } from '../fixtures/kitchen-sink.js';

// The compiled worker: test/global-setup.ts runs tsc before the tests.
const workerUrl = new URL('../../dist/build/render-worker.js', import.meta.url);
const input = kitchenSinkInput();
const fonts = () => input.fonts;
const job = (format: RenderJob['format'], doc: Doc = kitchenSinkDoc): RenderJob => ({ format, doc, theme: input.theme, assets: input.assets, created: input.created, options: defaultRenderOptions });
const scratch = mkdtempSync(join(tmpdir(), 'briefkit-pool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a stand-in worker entry into the scratch folder; its URL. */
function workerScript(name: string, lines: readonly string[]): URL {
  const path = join(scratch, name);
  writeFileSync(path, [...lines, ''].join('\n'));
  return pathToFileURL(path);
}

describe('render pool', () => {
  it('renders every format in a worker byte for byte as in this thread', async () => {
    // jobs 3: two workers and this thread, so the four jobs are spread over all of them.
    const pool = createRenderPool({ jobs: 3, fonts, workerUrl, preload: ['pdf'] });
    try {
      const pooled = await Promise.all(OUTPUT_FORMATS.map((format) => pool.render(job(format))));
      for (const [index, format] of OUTPUT_FORMATS.entries()) {
        const local = await renderInProcess(job(format), input.fonts);
        expect(Buffer.from(pooled[index]!.bytes).equals(Buffer.from(local.bytes)), format).toBe(true);
        expect(pooled[index]!.warnings).toEqual(local.warnings);
      }
    } finally {
      await pool.close();
    }
  });

  it('turns a renderer error inside a worker into a rejected job with the same message, and keeps working', async () => {
    const broken: Doc = { ...kitchenSinkDoc, children: [{ type: 'figure', src: 'missing.png', alt: 'gone' }] };
    const local = await renderInProcess(job('pdf', broken), input.fonts).then(
      () => 'resolved',
      (thrown: Error) => thrown.message,
    );
    const pool = createRenderPool({ jobs: 2, fonts, workerUrl });
    try {
      // The first job always goes to the worker when it is idle.
      await expect(pool.render(job('pdf', broken))).rejects.toThrow(local);
      const after = await pool.render(job('outline'));
      expect(after.bytes.length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('turns a worker that dies into a rejected job, never a crash', async () => {
    const dying = workerScript('dying-worker.mjs', ["import { parentPort } from 'node:worker_threads';", "parentPort.on('message', () => process.exit(3));"]);
    const pool = createRenderPool({ jobs: 2, fonts, workerUrl: dying });
    try {
      await expect(pool.render(job('outline'))).rejects.toThrow(/exit code 3/);
    } finally {
      await pool.close();
    }
  });

  it('sends a busy worker of an item pool its next render job at once (a few-item build posts the worker two)', async () => {
    // This worker answers only once it holds two jobs: a pool that waited for
    // the first answer before sending the second would never finish.
    const pairing = workerScript('pairing-worker.mjs', [
      "import { parentPort } from 'node:worker_threads';",
      'const held = [];',
      "parentPort.on('message', (request) => {",
      "  if (!('job' in request)) return;",
      '  held.push(request);',
      '  if (held.length === 2) for (const one of held) parentPort.postMessage({ id: one.id, ok: true, result: { bytes: new Uint8Array([one.job.format.length]), warnings: [] } });',
      '});',
    ]);
    // Two lanes in item mode with a local lane: one worker, which takes every render job.
    const pool = createRenderPool({ jobs: 2, itemMode: true, localLane: true, fonts, workerUrl: pairing });
    try {
      expect(pool.workers).toBe(1);
      const [pdf, outline] = await Promise.all([pool.render(job('pdf')), pool.render(job('outline'))]);
      expect([...pdf.bytes]).toEqual([3]);
      expect([...outline.bytes]).toEqual([7]);
    } finally {
      await pool.close();
    }
  });

  it('stops a worker that does not answer in time, fails only that request, and renders the others in a fresh worker', async () => {
    // This worker never answers a pdf job: it spins without yielding, as a
    // renderer caught in a loop would, so only terminate() can end it. Other
    // jobs get the length of their format's name, after a short wait.
    const spinning = workerScript('spinning-worker.mjs', [
      "import { parentPort, threadId } from 'node:worker_threads';",
      "parentPort.on('message', (request) => {",
      "  if (!('job' in request)) return;",
      "  if (request.job.format === 'pdf') for (;;);",
      '  setTimeout(() => parentPort.postMessage({ id: request.id, ok: true, result: { bytes: new Uint8Array([request.job.format.length, threadId]), warnings: [] } }), 20);',
      '});',
    ]);
    // One worker, which takes both jobs at once (an item pool's worker holds
    // render jobs side by side): the outline job was not at fault and must
    // not fail with the pdf job's worker.
    const pool = createRenderPool({ jobs: 2, itemMode: true, localLane: true, fonts, workerUrl: spinning, timeoutMs: 400 });
    try {
      expect(pool.workers).toBe(1);
      const started = Date.now();
      const [pdf, outline] = await Promise.allSettled([pool.render(job('pdf')), pool.render(job('outline'))]);
      expect(pdf.status).toBe('rejected');
      const reason = (pdf as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(ItemTimeoutError);
      expect(reason.message).toBe('did not finish within 0.4 s');
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(outline.status).toBe('fulfilled');
      const [length, thread] = [...(outline as PromiseFulfilledResult<{ bytes: Uint8Array }>).value.bytes];
      expect(length).toBe(7);
      // The next job goes to the fresh worker too, and works.
      const docx = await pool.render(job('docx'));
      expect([...docx.bytes]).toEqual([4, thread]);
    } finally {
      await pool.close();
    }
  });

  it('renders in a worker even with one job at a time when a time limit is set (this thread cannot be stopped)', async () => {
    // Its own entry (the pool counts workers only for an entry that exists); it is never sent anything.
    const idle = workerScript('idle-worker.mjs', ["import { parentPort } from 'node:worker_threads';", 'parentPort.on(\'message\', () => undefined);']);
    const limited = createRenderPool({ jobs: 1, itemMode: true, fonts, workerUrl: idle, timeoutMs: 60_000 });
    const unlimited = createRenderPool({ jobs: 1, itemMode: true, fonts, workerUrl: idle });
    try {
      expect(limited.workers).toBe(1);
      expect(limited.localLane).toBe(false);
      expect(unlimited.workers).toBe(0);
    } finally {
      await Promise.all([limited.close(), unlimited.close()]);
    }
  });

  it('renders in this thread when the worker script does not exist', async () => {
    const pool = createRenderPool({ jobs: 4, fonts, workerUrl: pathToFileURL(join(scratch, 'no-such-worker.js')) });
    try {
      const result = await pool.render(job('outline'));
      const local = await renderInProcess(job('outline'), input.fonts);
      expect(Buffer.from(result.bytes).equals(Buffer.from(local.bytes))).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('hands a worker started ahead of the pool to the pool, which renders in it byte for byte as here', async () => {
    expect(prespawnWorker(['pdf'], workerUrl)).toBe(true);
    expect(prespawnedWorkers()).toBe(1);
    // jobs 2 with item mode off: one worker (the prespawned one) plus this thread.
    const pool = createRenderPool({ jobs: 2, fonts, workerUrl });
    try {
      const [pdf, outline] = await Promise.all([pool.render(job('pdf')), pool.render(job('outline'))]);
      expect(prespawnedWorkers()).toBe(0);
      for (const [format, result] of [['pdf', pdf], ['outline', outline]] as const) {
        const local = await renderInProcess(job(format), input.fonts);
        expect(Buffer.from(result.bytes).equals(Buffer.from(local.bytes)), format).toBe(true);
      }
    } finally {
      await pool.close();
    }
  });

  it('never gives a prespawned worker of another entry to a pool, and discards it', async () => {
    const other = workerScript('other-worker.mjs', ["import { parentPort } from 'node:worker_threads';", "parentPort.on('message', () => process.exit(4));"]);
    expect(prespawnWorker([], other)).toBe(true);
    expect(prespawnWorker([], pathToFileURL(join(scratch, 'no-such-worker.js')))).toBe(false);
    const pool = createRenderPool({ jobs: 2, fonts, workerUrl });
    try {
      const result = await pool.render(job('outline'));
      expect(result.bytes.length).toBeGreaterThan(0);
      expect(prespawnedWorkers()).toBe(1);
    } finally {
      await pool.close();
    }
    await discardPrespawned();
    expect(prespawnedWorkers()).toBe(0);
  });
});
