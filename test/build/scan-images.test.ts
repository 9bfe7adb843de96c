import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createImageScanMemo, loadItemAssets, scanItemAssets } from '../../src/build/assets.js';
import { build, type BuildOptions } from '../../src/build/build.js';
import { readManifest } from '../../src/build/manifest.js';
import { peek, scanItem, unquote, type ScanOptions } from '../../src/build/scan.js';
import { emptyPositions } from '../../src/content/positions.js';
import { bundledFontVersions } from '../../src/env/fonts.js';
import type { Env } from '../../src/env/index.js';
import { chunk, makePng } from '../fixtures/png.js';
import { diskProject, memoryProject } from '../helpers/project.js';
import { seedFor } from '../helpers/seed.js';

const scratch = mkdtempSync(join(tmpdir(), 'briefkit-scan-images-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A valid RGB PNG of the given size, every pixel one colour. */
function flatPng(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set(rgb, y * (width * 3 + 1) + 1 + x * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]));
}

const ITEM = 'id: pictured\ntitle: T\ndate: 2024-04-17\nsummary: A summary.\nfigures:\n  - { src: images/a.png, alt: A chart }\n';

/** A project on disk with one item showing `images/a.png`, built once into `out/`. */
async function builtProject(name: string, formats: BuildOptions['formats']): Promise<{ dir: string; options: BuildOptions }> {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'content/images'), { recursive: true });
  writeFileSync(join(dir, 'content/images/a.png'), flatPng(40, 30, [200, 30, 30]));
  writeFileSync(join(dir, 'content/item.yaml'), ITEM);
  const options: BuildOptions = { cwd: dir, paths: [], outDir: join(dir, 'out'), formats, force: false, render: { outlineFlavor: 'marp' }, jobs: 1 };
  const first = await build(diskProject(dir), options);
  expect(first.exitCode).toBe(0);
  expect(first.manifest.items[0]!.status).toBe('built');
  const again = await build(diskProject(dir), options);
  expect(again.manifest.items[0]!.status).toBe('cached');
  return { dir, options };
}

describe('images in the cache check (hashed, not decoded, by the scan)', () => {
  it('rebuilds an item whose image was edited (same size, other pixels), and its PDF changes', async () => {
    const { dir, options } = await builtProject('edited', ['pdf', 'outline']);
    const pdfBefore = readFileSync(join(dir, 'out/pictured/pictured-factsheet.pdf'));
    writeFileSync(join(dir, 'content/images/a.png'), flatPng(40, 30, [30, 30, 200]));
    const report = await build(diskProject(dir), options);
    expect(report.exitCode).toBe(0);
    expect(report.manifest.items[0]!.status).toBe('built');
    expect(readFileSync(join(dir, 'out/pictured/pictured-factsheet.pdf')).equals(pdfBefore)).toBe(false);
    // And once built, the new bytes are a hit again.
    expect((await build(diskProject(dir), options)).manifest.items[0]!.status).toBe('cached');
  });

  it('fails an item whose image was damaged since its last build, keeping the old outputs as stale', async () => {
    const { dir, options } = await builtProject('damaged', ['outline']);
    const png = Buffer.from(readFileSync(join(dir, 'content/images/a.png')));
    // One byte of the compressed image data flipped: the header still reads well, the chunk's CRC does not.
    const idat = png.indexOf('IDAT', 0, 'latin1');
    png[idat + 10] = png[idat + 10]! ^ 0xff;
    writeFileSync(join(dir, 'content/images/a.png'), png);
    for (let round = 0; round < 2; round++) {
      const report = await build(diskProject(dir), options);
      expect(report.exitCode).toBe(1);
      const item = report.manifest.items[0]!;
      expect(item.status).toBe('failed');
      expect(item.errors.map((e) => e.message).join('\n')).toMatch(/`images\/a\.png` is a damaged PNG: its IDAT chunk fails its checksum/);
      expect(item.outputs.map((o) => [o.format, o.stale])).toEqual([['outline', true]]);
    }
  });

  it('rebuilds an item whose image went missing or became a folder, and fails it', async () => {
    const { dir, options } = await builtProject('missing', ['outline']);
    rmSync(join(dir, 'content/images/a.png'));
    mkdirSync(join(dir, 'content/images/a.png'));
    const report = await build(diskProject(dir), options);
    expect(report.manifest.items[0]!.status).toBe('failed');
    expect(report.manifest.items[0]!.errors[0]!.message).toMatch(/is a folder, not an image file/);
  });

  it('gives the sources and bytes that loadItemAssets gives whenever that succeeds, and no more', async () => {
    const png = makePng(40, 30);
    const damaged = png.slice(0, png.length - 12);
    const paths = fc.constantFrom('images/a.png', './images/a.png', 'images/../images/a.png', 'images/b.png', 'images/damaged.png', 'images/missing.png', '../outside.png', '/etc/passwd', 'https://example.org/a.png', 'images', ' images/a.png ', '');
    const project = memoryProject({ 'content/images/a.png': png, 'content/images/b.png': makePng(30, 20), 'content/images/damaged.png': damaged, 'content/sub/images/a.png': png });
    await fc.assert(
      fc.asyncProperty(fc.array(paths, { maxLength: 5 }), fc.constantFrom('content/item.yaml', 'content/sub/item.yaml'), async (srcs, file) => {
        const memo = createImageScanMemo(project.env);
        const loaded = await loadItemAssets(project.env, { file, data: { figures: srcs.map((src) => ({ src })) }, positions: emptyPositions() });
        // Twice through one memo: the memory must not change the answer.
        for (let round = 0; round < 2; round++) {
          const scanned = await scanItemAssets(project.env, file, srcs, memo);
          if (loaded.ok) expect(scanned).toEqual({ sources: loaded.assets.sources, bytes: loaded.assets.bytes });
          if (!scanned) expect(loaded.ok).toBe(false);
          // Only a damaged image passes the scan yet fails the load: its bytes were never recorded by a good build.
          if (scanned && !loaded.ok) expect(srcs.some((s) => s.includes('damaged'))).toBe(true);
        }
      }),
      { numRuns: 300, seed: seedFor('scan images'), endOnFailure: true },
    );
  });
});

/** The guess as it was made before the scan stopped decoding whole files: the reference. */
function wholeTextPeek(text: string): { id: string | undefined; template: string | undefined; srcs: string[] } {
  // The same value reading as the scan's; what is compared is which lines are looked at.
  const id = /^id:[ \t]*(\S.*)$/m.exec(text);
  const template = /^template:[ \t]*(\S.*)$/m.exec(text);
  const srcs = [...text.matchAll(/(?:^|[\s{,])src:[ \t]*("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^,}\n]+)/g)].map((m) => unquote(m[1]!));
  return { id: id ? unquote(id[1]!) || undefined : undefined, template: template ? unquote(template[1]!) : undefined, srcs };
}

describe('the quick look at a content file', () => {
  it('guesses from the lines holding each key exactly what a look at the whole decoded text guesses', () => {
    const piece = fc.constantFrom(
      'id: x', 'id: "ä # b"', "id: 'q''s'", 'id:', 'id:   ', ' id: indented', 'valid: no', 'template: brief', 'template: "two"', 'src: images/ä.png', '- { src: a.png, alt: "src: b.png" }',
      '  - src: "c\\"d.png"', "src: 'e.png' # note", 'xsrc: no.png', '{src: f.png}', 'ünïcödé', '\u2028', '\u00a0src: nb.png', 'title: T', '', '\r', 'id: crlf\r', 'src: g.png\r',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.uint8Array({ maxLength: 4 }), (lines, eol, bom, junk) => {
        const text = lines.join(eol);
        const bytes = new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text), ...junk]);
        const reference = wholeTextPeek(new TextDecoder().decode(bytes));
        const guess = peek('content/item.yaml', bytes);
        expect({ id: guess.id === 'item' ? undefined : guess.id, template: guess.template, srcs: guess.srcs }).toEqual({ ...reference, id: reference.id === 'item' ? undefined : reference.id });
      }),
      { numRuns: 3000, seed: seedFor('quick look'), endOnFailure: true },
    );
  });
});

describe('reading content files in the scan', () => {
  const scanOptions = (dir: string): ScanOptions => ({ outDir: join(dir, 'out'), formats: ['outline'], force: false, render: { outlineFlavor: 'marp' }, fontVersions: bundledFontVersions(), manifestMtimeMs: Date.now() + 1000 });

  it('reads synchronously where the Env can, and through readFile where it cannot, with the same verdict', async () => {
    const { dir } = await builtProject('sync-read', ['outline']);
    const entry = (await readManifest(join(dir, 'out/manifest.json')))!.items[0]!;
    const project = diskProject(dir);
    const calls: string[] = [];
    const counting: Env = {
      ...project.env,
      readFile: (path) => (calls.push(`async ${path}`), project.env.readFile(path)),
      readFileSync: (path) => (calls.push(`sync ${path}`), project.env.readFileSync!(path)),
    };
    const withSync = await scanItem({ ...project, env: counting }, 'content/item.yaml', entry, scanOptions(dir));
    expect(withSync.cached?.status).toBe('cached');
    expect(calls).toContain(`sync ${join(dir, 'content/item.yaml')}`);
    expect(calls).not.toContain(`async ${join(dir, 'content/item.yaml')}`);
    const { readFileSync: _dropped, ...asyncOnly } = counting;
    calls.length = 0;
    const withoutSync = await scanItem({ ...project, env: asyncOnly }, 'content/item.yaml', entry, scanOptions(dir));
    expect(withoutSync).toEqual(withSync);
    expect(calls).toContain(`async ${join(dir, 'content/item.yaml')}`);
  });

  it('reads an edited content file afresh: an edit is a miss', async () => {
    const { dir } = await builtProject('edited-content', ['outline']);
    const entry = (await readManifest(join(dir, 'out/manifest.json')))!.items[0]!;
    writeFileSync(join(dir, 'content/item.yaml'), ITEM.replace('title: T', 'title: U'));
    const scanned = await scanItem(diskProject(dir), 'content/item.yaml', entry, scanOptions(dir));
    expect(scanned.cached).toBeUndefined();
    expect(scanned.id).toBe('pictured');
  });
});
