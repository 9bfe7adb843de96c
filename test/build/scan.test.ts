import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { readManifest } from '../../src/build/manifest.js';
import { scanItem } from '../../src/build/scan.js';
import { bundledFontVersions } from '../../src/env/fonts.js';
import { makePng } from '../fixtures/png.js';
import { diskProject } from '../helpers/project.js';
import { seedFor } from '../helpers/seed.js';


const scratch = mkdtempSync(join(tmpdir(), 'briefkit-scan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** How an `id:` line may be written in YAML (quoting, comments, spacing), or left out. */
const idLine = fc.oneof(
  fc.constant(''),
  fc.constantFrom('id: same-id\n', 'id: "same-id"\n', "id: 'same-id'\n", 'id:   same-id   # a comment\n', 'id: other-id\n', 'id: "tricky # not a comment"\n'),
);
/** Figures in block or flow style, quoted or not, sometimes a `src:` that is not a figure. */
const figures = fc.constantFrom(
  '',
  'figures:\n  - { src: images/a.png, alt: A chart }\n',
  'figures:\n  - src: "images/a.png"\n    alt: A chart\n  - src: \'images/b.png\'\n    alt: Another\n',
  'figures:\n  - src: images/b.png   # trailing comment\n    alt: B\n',
  'figures:\n  - { alt: "src: images/b.png", src: images/a.png }\n',
);
const summary = fc.constantFrom('A summary.', '"src: images/x.png is text here"', '|\n  id: not-the-id\n  more');

describe('scanning a content file', () => {
  it('never calls an item cached unless a real parse gives the same id and inputs (and any edit is a miss)', async () => {
    const seed = seedFor('scan cache hits');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(idLine, figures, summary, fc.boolean(), async (id, figs, sum, edit) => {
        const dir = join(scratch, `p${n++}`);
        mkdirSync(join(dir, 'content/images'), { recursive: true });
        writeFileSync(join(dir, 'content/images/a.png'), makePng(40, 30));
        writeFileSync(join(dir, 'content/images/b.png'), makePng(30, 20));
        const text = `${id}title: T\ndate: 2024-04-17\nsummary: ${sum}\n${figs}`;
        writeFileSync(join(dir, 'content/item.yaml'), text);
        const project = diskProject(dir);
        const options = { cwd: dir, paths: [], outDir: join(dir, 'out'), formats: ['outline' as const], force: false, render: { outlineFlavor: 'marp' as const }, jobs: 1 };
        const first = await build(project, options);
        // `tricky # not a comment` is no valid id: that item fails, and a failed item is never a cache hit.
        expect(first.exitCode).toBe(id.includes('tricky') ? 1 : 0);
        const manifest = (await readManifest(join(dir, 'out/manifest.json')))!;
        const entry = manifest.items[0]!;
        if (edit) writeFileSync(join(dir, 'content/item.yaml'), text.replace('title: T', 'title: U'));
        const scanned = await scanItem(diskProject(dir), 'content/item.yaml', entry, {
          outDir: join(dir, 'out'),
          formats: ['outline'],
          force: false,
          render: { outlineFlavor: 'marp' },
          fontVersions: bundledFontVersions(),
          manifestMtimeMs: Date.now() + 1000,
        });
        if (edit || entry.status === 'failed') expect(scanned.cached).toBeUndefined();
        // Whatever the guess, the id is the real one.
        expect(scanned.id).toBe(entry.id);
        if (scanned.cached) expect(scanned.cached.outputs).toEqual(entry.outputs);
        // Every way of writing these files above is recognised: unchanged valid items are hits.
        if (!edit && entry.status !== 'failed') expect(scanned.cached?.status).toBe('cached');
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 200, seed },
    );
  }, 600_000);
});
