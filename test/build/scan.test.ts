import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { readManifest } from '../../src/build/manifest.js';
import { fallbackIdOf, idOf, parsedIdOf, quickIdOf, scanItem } from '../../src/build/scan.js';
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

describe('the id of a content file without parsing it', () => {
  const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
  const names = fc.constantFrom('content/item-0002.yaml', 'content/a/123.yml', 'content/true.yaml', 'content/Weird Näme.YAML', 'content/item-0002.json', 'content/null.yaml');
  const before = fc.array(fc.constantFrom('', '   ', '# a comment', '#id: other', ' # indented comment', '---', '%YAML 1.2', '\t', 'title: T'), { maxLength: 3 });
  /** Ways of writing the id line for a file whose fallback id is `slug`. */
  const idLines = (slug: string): string[] => [`id: ${slug}`, `id:   ${slug}   `, `id: "${slug}"`, `id:\t${slug}`, `id: ${slug} # c`, 'id: other', `id: ${slug}x`, `id:${slug}`, `ID: ${slug}`];
  const after = fc.array(
    fc.constantFrom('', '  ', 'title: T', '  continued', '\tcontinued', '# comment', 'id: other', '"id": other', '? id', ': other', '- a', '...', '---', 'summary: |', '  id: inner', 'title: "open', 'id: x"', 'date: 2024-04-17', '\r', 'x: 1\r', '[a]', '&a k: v', 'k: *a'),
    { maxLength: 5 },
  );
  const endings = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');

  it('property: whenever the quick reading gives an id, parsing the file gives the same', async () => {
    const seed = seedFor('quick id');
    let quick = 0;
    await fc.assert(
      fc.asyncProperty(names, fc.boolean(), before, fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 8 }), weight: 1 }), after, endings, fc.boolean(), async (file, bom, pre, way, post, eol, trailing) => {
        const line = idLines(fallbackIdOf(file))[way]!;
        const text = [...pre, line, ...post].join(eol) + (trailing ? eol : '');
        const bytes = encode(`${bom ? '\uFEFF' : ''}${text}`);
        const got = quickIdOf(file, bytes);
        if (got !== undefined) {
          quick++;
          expect(got).toBe(await parsedIdOf(file, bytes));
        }
      }),
      { numRuns: 1000, seed },
    );
    // The generators write many files the quick reading takes (not only ones it leaves to the parser).
    expect(quick).toBeGreaterThan(50);
  });

  it('reads the bench items and the plain case, and leaves the rest to the parser', async () => {
    expect(quickIdOf('content/item-0002.yaml', encode('id: item-0002\ntitle: "T"\n'))).toBe('item-0002');
    expect(quickIdOf('content/item-0002.yaml', encode('# c\n\nid: item-0002\n'))).toBe('item-0002');
    expect(quickIdOf('content/item-0002.yaml', encode('id: item-0002\n  more\n'))).toBeUndefined();
    expect(await idOf('content/item-0002.yaml', encode('id: item-0002\n  more\n'))).toBe('item-0002 more');
    expect(quickIdOf('content/item-0002.yaml', encode('id: other\n'))).toBeUndefined();
    expect(quickIdOf('content/item-0002.json', encode('id: item-0002\n'))).toBeUndefined();
    expect(quickIdOf('content/item-0002.yaml', encode('id: item-0002\r\ntitle: T\r\n'))).toBeUndefined();
  });
});
