import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { diskProject } from '../helpers/project.js';

// The compiled worker: test/global-setup.ts runs tsc before the tests.
const realWorker = new URL('../../dist/build/render-worker.js', import.meta.url).href;

const VALID = (n: number) => `title: Item ${n}\ndate: 2024-04-17\nsummary: A summary.\nsections:\n  - heading: One\n    points: [a, b]\n`;

describe('a render worker that crashes', () => {
  it('fails the item it was rendering; the other items are built and the manifest matches the disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-crash-'));
    mkdirSync(join(dir, 'content'));
    for (const name of ['a', 'b', 'crash', 'd', 'e', 'f']) writeFileSync(join(dir, 'content', `${name}.yaml`), VALID(name.length));
    // The real worker, which dies (exit 7) when handed the item named `crash`.
    // (Its own listener must be attached first: a port delivers messages to the listeners it has.)
    const wrapper = join(dir, 'crashing-worker.mjs');
    writeFileSync(wrapper, `import { parentPort } from 'node:worker_threads';\nawait import(${JSON.stringify(realWorker)});\nparentPort.on('message', (m) => { if (m.task && m.task.file.includes('crash')) process.exit(7); });\n`);
    const report = await build(diskProject(dir), {
      cwd: dir,
      paths: [],
      outDir: join(dir, 'out'),
      formats: ['outline', 'docx'],
      force: false,
      render: { outlineFlavor: 'marp' },
      jobs: 2,
      workerUrl: pathToFileURL(wrapper),
    });
    expect(report.exitCode).toBe(1);
    const statuses = Object.fromEntries(report.manifest.items.map((i) => [i.id, i.status]));
    expect(statuses).toEqual({ a: 'built', b: 'built', crash: 'failed', d: 'built', e: 'built', f: 'built' });
    const crashed = report.manifest.items.find((i) => i.id === 'crash')!;
    expect(crashed.errors[0]!.message).toMatch(/render worker stopped \(exit code 7\)/);
    expect(crashed.outputs).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as typeof report.manifest;
    expect(manifest.items).toEqual(report.manifest.items);
  }, 300_000);

  it.each([false, true])('with a time limit, fails an item whose render never ends, keeps its last good outputs as stale, and builds the rest (--jobs 1 included; --force: %s)', async (force) => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-hang-'));
    mkdirSync(join(dir, 'content'));
    for (const name of ['a', 'b', 'hang', 'z']) writeFileSync(join(dir, 'content', `${name}.yaml`), VALID(name.length));
    const options = { cwd: dir, paths: [], outDir: join(dir, 'out'), formats: ['outline', 'docx'] as ('outline' | 'docx')[], force, render: { outlineFlavor: 'marp' as const } };
    // A first build with the real worker: every item built, within the limit.
    const first = await build(diskProject(dir), { ...options, jobs: 1, itemTimeoutMs: 60_000 });
    expect(first.manifest.items.map((i) => i.status)).toEqual(['built', 'built', 'built', 'built']);
    const before = first.manifest.items.find((i) => i.id === 'hang')!.outputs;
    // Then the item changes, and its render never ends: this worker spins,
    // without yielding, once it has the item named `hang` (after the real
    // worker's own listener has started the task).
    writeFileSync(join(dir, 'content', 'hang.yaml'), VALID(5));
    // Changed items before and after it: the one after goes to a fresh worker.
    writeFileSync(join(dir, 'content', 'a.yaml'), VALID(6));
    writeFileSync(join(dir, 'content', 'z.yaml'), VALID(7));
    const wrapper = join(dir, 'spinning-worker.mjs');
    writeFileSync(wrapper, `import { parentPort } from 'node:worker_threads';\nawait import(${JSON.stringify(realWorker)});\nparentPort.on('message', (m) => { if (m.task && m.task.file.includes('hang')) for (;;); });\n`);
    const report = await build(diskProject(dir), { ...options, jobs: 1, itemTimeoutMs: 6_000, workerUrl: pathToFileURL(wrapper) });
    expect(report.exitCode).toBe(1);
    const statuses = Object.fromEntries(report.manifest.items.map((i) => [i.id, i.status]));
    expect(statuses).toEqual({ a: 'built', b: force ? 'built' : 'cached', hang: 'failed', z: 'built' });
    const hung = report.manifest.items.find((i) => i.id === 'hang')!;
    expect(hung.errors).toHaveLength(1);
    expect(hung.errors[0]!.message).toBe('rendering the item did not finish within 6 s (--item-timeout), so its worker was stopped');
    expect(hung.errors[0]!.file).toBe('content/hang.yaml');
    expect(hung.outputs).toEqual(before.map((o) => ({ ...o, stale: true })));
    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8')) as typeof report.manifest;
    expect(manifest.items).toEqual(report.manifest.items);
  }, 300_000);
});

describe('the start event', () => {
  it('says how many render worker threads the build runs: none with --jobs 1 (this thread renders every item, and the CLI sizes its heap for that)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefkit-start-'));
    mkdirSync(join(dir, 'content'));
    for (const name of ['a', 'b', 'c', 'd', 'e']) writeFileSync(join(dir, 'content', `${name}.yaml`), VALID(name.length));
    const workersOf = async (extra: { jobs: number; itemTimeoutMs?: number }): Promise<number[]> => {
      const seen: number[] = [];
      const report = await build(diskProject(dir), { cwd: dir, paths: [], outDir: join(dir, 'out'), formats: ['outline'], force: true, render: { outlineFlavor: 'marp' }, workerUrl: new URL(realWorker), onStart: (event) => seen.push(event.workers), ...extra });
      expect(report.exitCode).toBe(0);
      return seen;
    };
    expect(await workersOf({ jobs: 1 })).toEqual([0]);
    // A time limit puts every item in a worker, also with one job.
    expect(await workersOf({ jobs: 1, itemTimeoutMs: 60_000 })).toEqual([1]);
    expect(await workersOf({ jobs: 2 })).toEqual([2]);
  }, 120_000);
});
