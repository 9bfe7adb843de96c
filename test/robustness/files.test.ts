import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkImage, MAX_IMAGE_PIXELS } from '../../src/build/assets.js';
import { briefkit, expectNoStack, expectOutputMatchesManifest, faultLines, tempProject, VALID } from './helpers.js';
import { JPEG, png, pngData, withBadCrc } from './images.js';
import { canRun, run } from '../helpers/tools.js';

const item = (figures: string) => `${VALID}figures:\n${figures}`;
const figure = (src: string) => `  - { src: "${src}", alt: A chart }\n`;

/** Damaged or wrong images, each in its own item, and the fault each gives (`file:line:col path: message`). */
const rgba = { width: 40, height: 30, colour: 6 as const };
const BAD_IMAGES: Record<string, { bytes: Uint8Array; fault: string }> = {
  'gif.png': { bytes: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), fault: '`images/gif.png` is a GIF image, not a PNG or JPEG image' },
  'svg.png': { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), fault: '`images/svg.png` is an SVG or XML file, not a PNG or JPEG image' },
  'text.jpg': { bytes: Buffer.from('just some text'), fault: '`images/text.jpg` is not a PNG or JPEG image' },
  'bad-crc.png': { bytes: withBadCrc(png(rgba)), fault: '`images/bad-crc.png` is a damaged PNG: its IDAT chunk fails its checksum' },
  // pdfkit#1747: an RGBA PNG whose IDAT is not zlib data (with a correct CRC) killed the process.
  'bad-idat-rgba.png': { bytes: png(rgba, Buffer.from('this is not zlib data at all')), fault: '`images/bad-idat-rgba.png` is a damaged PNG: its image data cannot be decompressed (incorrect header check)' },
  'short-idat.png': { bytes: png(rgba, deflateSync(pngData(rgba).subarray(0, 500))), fault: '`images/short-idat.png` is a damaged PNG: its image data is truncated (500 of 4830 bytes)' },
  // A valid zlib stream whose scanlines name filter type 7: png-js threw from a zlib callback and killed the process.
  'bad-filter-rgba.png': { bytes: png(rgba, deflateSync(Buffer.from(pngData(rgba).map((b, i) => (i % (40 * 4 + 1) === 0 ? 7 : b))))), fault: '`images/bad-filter-rgba.png` is a damaged PNG: its image data is corrupt: scanline 1 has an unknown filter type 7' },
  'truncated.png': { bytes: png(rgba).subarray(0, 60), fault: '`images/truncated.png` is a damaged PNG: it is truncated inside its IDAT chunk' },
  'truncated.jpg': { bytes: JPEG.subarray(0, JPEG.length - 40), fault: '`images/truncated.jpg` is a damaged JPEG: it ends without its end-of-image marker (truncated)' },
  'huge-header.png': { bytes: png({ width: 50_000, height: 50_000, colour: 2 }, deflateSync(Buffer.alloc(10))), fault: '`images/huge-header.png` is 50000×50000 pixels (2500.0 megapixels); images may have at most 64 megapixels and 30000 pixels a side' },
};

/** Valid images of every kind renderers must take: all in one item, built in all four formats. */
const GOOD_IMAGES: Record<string, Uint8Array> = {
  'rgb.png': png({ width: 40, height: 30 }),
  'rgba.png': png(rgba),
  'grey.png': png({ width: 40, height: 30, colour: 0 }),
  'grey1.png': png({ width: 41, height: 30, colour: 0, depth: 1 }),
  'grey-alpha.png': png({ width: 40, height: 30, colour: 4 }),
  'palette.png': png({ width: 40, height: 30, colour: 3 }),
  'palette4.png': png({ width: 33, height: 30, colour: 3, depth: 4 }),
  'rgb16.png': png({ width: 40, height: 30, depth: 16 }),
  'interlaced.png': png({ width: 40, height: 30, interlaced: true }),
  'interlaced-rgba.png': png({ ...rgba, interlaced: true }),
  'rgba16.png': png({ ...rgba, depth: 16 }),
  'grey-alpha16.png': png({ width: 40, height: 30, colour: 4, depth: 16 }),
  'palette-trns.png': png({ width: 40, height: 30, colour: 3, transparency: true }),
  'rgb-trns.png': png({ width: 40, height: 30, transparency: true }),
  'photo.jpg': JPEG,
};

describe('image checks (before any renderer sees the bytes)', () => {
  it('accepts every valid kind and measures it', async () => {
    for (const [name, bytes] of Object.entries(GOOD_IMAGES)) expect(await checkImage(bytes), name).toMatchObject({ ok: true, width: name === 'grey1.png' ? 41 : name === 'palette4.png' ? 33 : 40, height: 30 });
  });

  it('refuses a PNG whose data inflates to more than its header says, and one without IEND', async () => {
    const spec = { width: 10, height: 10 };
    expect(await checkImage(png(spec, deflateSync(Buffer.alloc(5000))))).toMatchObject({ ok: false, reason: expect.stringMatching(/is corrupt: it holds more data than its 310-byte size/) });
    const whole = png(spec);
    expect(await checkImage(whole.subarray(0, whole.length - 12))).toMatchObject({ ok: false, reason: expect.stringMatching(/ends before its IEND chunk/) });
  });

  it('caps pixels, not sides: 50 megapixels pass, 65 do not', async () => {
    const header = (w: number, h: number) => png({ width: w, height: h, colour: 0, depth: 1 }, deflateSync(Buffer.alloc(0)));
    expect((await checkImage(header(10_000, 5_000))).ok === false && (await checkImage(header(10_000, 5_000)) as { reason: string }).reason).toMatch(/truncated/); // size passes, data is empty
    expect(await checkImage(header(13_000, 5_000))).toMatchObject({ ok: false, reason: expect.stringMatching(/65\.0 megapixels/) });
    expect(MAX_IMAGE_PIXELS).toBeGreaterThanOrEqual(50_000_000);
  });
});

describe('files through the CLI: escapes, missing, wrong and damaged images are item errors at their line; the rest is built', () => {
  const outside = mkdtempSync(join(tmpdir(), 'briefkit-outside-'));
  writeFileSync(join(outside, 'CANARY.png'), png({ width: 8, height: 8 }));
  const files: Record<string, string | Uint8Array> = {
    'content/ok.yaml': item(Object.keys(GOOD_IMAGES).map((name) => figure(`images/${name}`)).join('')),
    'content/escape-dots.yaml': item(figure('../../etc/passwd')),
    'content/escape-absolute.yaml': item(figure('/etc/passwd')),
    'content/escape-link.yaml': item(figure('images/link.png')),
    'content/escape-encoded.yaml': item(figure('%2e%2e/%2e%2e/etc/passwd')),
    'content/missing.yaml': item(figure('images/nope.png')),
    'content/folder.yaml': item(figure('images')),
  };
  for (const [name, bytes] of Object.entries(GOOD_IMAGES)) files[`content/images/${name}`] = bytes;
  for (const [name, { bytes }] of Object.entries(BAD_IMAGES)) {
    files[`content/images/${name}`] = bytes;
    files[`content/bad-${name.replace('.', '-')}.yaml`] = item(figure(`images/${name}`));
  }
  const dir = tempProject(files);
  symlinkSync(join(outside, 'CANARY.png'), join(dir, 'content/images/link.png'));

  it('build: exact faults, exit 1, the item with every valid image kind built in all four formats, out/ = manifest', () => {
    const { code, stderr } = briefkit(dir, ['build', '--jobs', '1']);
    expectNoStack(stderr);
    expect(code).toBe(1);
    const at = 'content/%s:8:12 figures[0].src: ';
    const expected: Record<string, string> = {
      'escape-dots.yaml': '`../../etc/passwd` points outside the project root',
      'escape-absolute.yaml': '`/etc/passwd` is an absolute path; write it relative to the content file',
      'escape-link.yaml': '`images/link.png` is a link that leads outside the project root',
      'escape-encoded.yaml': 'image not found: `%2e%2e/%2e%2e/etc/passwd` (looked for content/%2e%2e/%2e%2e/etc/passwd)',
      'missing.yaml': 'image not found: `images/nope.png` (looked for content/images/nope.png)',
      'folder.yaml': '`images` is a folder, not an image file',
    };
    for (const [name, { fault }] of Object.entries(BAD_IMAGES)) expected[`bad-${name.replace('.', '-')}.yaml`] = fault;
    for (const [file, fault] of Object.entries(expected)) expect(faultLines(stderr, `content/${file}`)[0], file).toBe(`${at.replace('%s', file)}${fault}`);
    const manifest = expectOutputMatchesManifest(join(dir, 'out'));
    const ok = manifest.items.find((i) => i.source === 'content/ok.yaml')!;
    expect(ok.status, JSON.stringify(ok.errors)).toBe('built');
    expect(ok.outputs.map((o) => o.format)).toEqual(['pdf', 'docx', 'outline', 'pptx']);
    for (const i of manifest.items) if (i.source !== 'content/ok.yaml') expect(i.status, i.source).toBe('failed');
    // Nothing of the file outside the project reached any file under out/.
    const canary = readFileSync(join(outside, 'CANARY.png')).subarray(16, 40);
    const written = readdirSync(join(dir, 'out'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(written.length).toBeGreaterThan(4);
    for (const entry of written) expect(readFileSync(join(entry.parentPath, entry.name)).includes(canary), entry.name).toBe(false);
  });

  it.runIf(canRun('qpdf'))('the fact sheet with every kind of image is a valid PDF', () => {
    expect(run('qpdf', ['--check', join(dir, 'out/ok/ok-factsheet.pdf')])).toMatch(/No syntax or stream encoding errors/);
  });
});

describe('a 50-megapixel image is scaled, not choked on', () => {
  it('builds the PDF, DOCX, outline and deck with a 10000×5000 RGB PNG', () => {
    const big = png({ width: 10_000, height: 5_000, colour: 2, fill: 200 });
    const dir = tempProject({ 'content/big.yaml': item(figure('big.png')), 'content/big.png': big });
    const { code, stderr } = briefkit(dir, ['build', '--jobs', '1']);
    expectNoStack(stderr);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const manifest = expectOutputMatchesManifest(join(dir, 'out'));
    expect(manifest.items[0]!.outputs.map((o) => o.format)).toEqual(['pdf', 'docx', 'outline', 'pptx']);
  }, 300_000);
});

describe('output folder faults', () => {
  it('--out pointing at a regular file, or under one, is a usage error (exit 2) before any work; nothing written', () => {
    const dir = tempProject({ 'content/a.yaml': VALID, 'afile': 'x' });
    for (const out of ['afile', 'afile/sub']) {
      const { code, stderr } = briefkit(dir, ['build', '--out', out, '--format', 'outline']);
      expectNoStack(stderr);
      expect(code, out).toBe(2);
      expect(stderr, out).toMatch(/^briefkit: --out afile(\/sub)? .*(is a file|lies under a file)/m);
    }
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('x');
  });
});

describe('a content folder with 10,000 items', () => {
  it('validates them all (validate only: building 40,000 outputs is the benchmark’s job), with open files bounded', () => {
    const dir = tempProject();
    mkdirSync(join(dir, 'content/many'), { recursive: true });
    for (let i = 0; i < 10_000; i++) writeFileSync(join(dir, `content/many/item-${i}.yaml`), `title: Item ${i}\ndate: 2024-04-17\nsummary: Summary ${i}.\n`);
    writeFileSync(join(dir, 'content/many/item-5000.yaml'), 'title: Item 5000\ndate: 2024-13-01\nsummary: S\n');
    // A low open-file limit: every file is still read (no EMFILE).
    const result = run('sh', ['-c', `ulimit -n 256 && "${process.execPath}" "${join(process.cwd(), 'bin/briefkit.js')}" validate --quiet; echo "exit $?"`], { cwd: dir });
    expect(result).toContain('10000 files checked: 9999 valid, 1 invalid');
    expect(result.trim().split('\n').pop()).toBe('exit 1');
  }, 300_000);
});
