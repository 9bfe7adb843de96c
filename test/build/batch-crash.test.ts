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
});
