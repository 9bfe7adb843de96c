import { dirname, isAbsolute, resolve } from 'node:path';
import { childPath, locate, type FieldPositions } from '../content/positions.js';
import { error, type Diagnostic } from '../diagnostics/index.js';
import type { Env } from '../env/index.js';
import type { Asset } from '../render/types.js';
import { isInside, toProjectPath } from './discover.js';

/** The images of an item, read and checked, keyed by project-relative path. */
export interface ItemAssets {
  /** `figures[i].src` resolved to a project-relative path, in order. */
  sources: string[];
  assets: Map<string, Asset>;
  /** sha256 input for caching: the bytes of every image. */
  bytes: Uint8Array[];
}

/** Largest image side accepted, in pixels (the pixel count is capped too: MAX_IMAGE_PIXELS). */
export const MAX_IMAGE_SIDE = 30_000;

/** Where a figure's image is, or why it cannot be used (the message follows the quoted `src`). */
export type FigurePlace = { ok: true; key: string; abs: string; real: string } | { ok: false; code: string; message: string };

/** How a figure's path is followed: the root and a path with their links resolved. */
export interface Follow {
  realRoot: () => Promise<string>;
  realPath: (abs: string) => Promise<string>;
}

/**
 * Resolves one `figures[].src` (trimmed, not empty) of a content file in
 * `contentDir`: relative to the content file, inside the project root (also
 * after following symbolic links). A path that leaves the root is refused
 * before anything outside it is opened.
 */
async function placeFigure(env: Env, contentDir: string, src: string, follow: Follow): Promise<FigurePlace> {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(src) && !/^[A-Za-z]:[\\/]/.test(src)) {
    return { ok: false, code: 'figure-remote', message: `\`${src}\` is a URL; figures must be image files inside the project (nothing is downloaded)` };
  }
  if (isAbsolute(src) || /^[A-Za-z]:[\\/]/.test(src) || src.startsWith('\\\\')) {
    return { ok: false, code: 'figure-outside', message: `\`${src}\` is an absolute path; write it relative to the content file` };
  }
  const abs = resolve(contentDir, src.replace(/\\/g, '/'));
  if (!isInside(env.root, abs)) return { ok: false, code: 'figure-outside', message: `\`${src}\` points outside the project root` };
  let real: string;
  try {
    real = await follow.realPath(abs);
  } catch {
    return { ok: false, code: 'figure-missing', message: `image not found: \`${src}\` (looked for ${toProjectPath(env.root, abs)})` };
  }
  if (!isInside(await follow.realRoot(), real)) return { ok: false, code: 'figure-outside', message: `\`${src}\` is a link that leads outside the project root` };
  return { ok: true, key: toProjectPath(env.root, abs), abs, real };
}

/** Links followed through the Env, the root's looked up once (the root as given when that fails). */
function followOf(env: Env): Follow {
  let realRoot: Promise<string> | undefined;
  return { realRoot: () => (realRoot ??= env.realPath(env.root).catch(() => env.root)), realPath: (abs) => env.realPath(abs) };
}

/** The `src` of each figure of an item, trimmed; undefined where it is no string or empty (the schema reports those). */
function figureSources(data: Record<string, unknown>): (string | undefined)[] {
  const figures = Array.isArray(data.figures) ? (data.figures as unknown[]) : [];
  return figures.map((figure) => {
    const raw = figure !== null && typeof figure === 'object' ? (figure as Record<string, unknown>).src : undefined;
    return typeof raw !== 'string' || raw.trim() === '' ? undefined : raw.trim();
  });
}

/**
 * Resolves and checks `figures[].src` of an item: relative to the content
 * file, inside the project root (also after following symbolic links), an
 * existing, undamaged PNG or JPEG of sane size (`checkImage`). A path that
 * leaves the root is refused before anything outside it is opened;
 * renderers get the checked bytes, never a path.
 */
export async function loadItemAssets(env: Env, item: { file: string; data: Record<string, unknown>; positions: FieldPositions }): Promise<{ ok: true; assets: ItemAssets } | { ok: false; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const result: ItemAssets = { sources: [], assets: new Map(), bytes: [] };
  const contentDir = dirname(resolve(env.root, item.file));
  const follow = followOf(env);
  for (const [index, src] of figureSources(item.data).entries()) {
    // Type faults of `src` are the schema's to report.
    if (src === undefined) continue;
    const path = `${childPath('figures', index)}.src`;
    const at = { ...locate(item.positions, path), path };
    const place = await placeFigure(env, contentDir, src, follow);
    if (!place.ok) {
      diagnostics.push(error(item.file, place.message, { ...at, code: place.code }));
      continue;
    }
    const { key, abs, real } = place;
    result.sources.push(key);
    if (result.assets.has(key)) continue;
    // Only regular files are read: a FIFO would block the build forever, a folder cannot be an image.
    const kind = await entryKind(env, real);
    if (kind !== 'file') {
      diagnostics.push(error(item.file, `\`${src}\` is ${kind === 'dir' ? 'a folder' : 'not a regular file'}, not an image file`, { ...at, code: 'figure-format' }));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await env.readFile(abs);
    } catch (thrown) {
      diagnostics.push(error(item.file, `cannot read image \`${src}\`: ${(thrown as NodeJS.ErrnoException).code ?? 'error'}`, { ...at, code: 'figure-read' }));
      continue;
    }
    const checked = await checkImage(bytes);
    if (!checked.ok) {
      const code = /megapixels|declares a size/.test(checked.reason) ? 'figure-size' : /^is (a|an) [A-Za-z]+ (image|document|file)|^is not a PNG/.test(checked.reason) ? 'figure-format' : 'figure-damaged';
      diagnostics.push(error(item.file, `\`${src}\` ${checked.reason}`, { ...at, code, ...(checked.hint ? { hints: [checked.hint] } : {}) }));
      continue;
    }
    result.assets.set(key, { mime: checked.mime, width: checked.width, height: checked.height, bytes });
    result.bytes.push(bytes);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, assets: result };
}

/**
 * A scan's memory of the figure paths it has followed and the images it has
 * read, so a picture that a thousand items share is resolved and read once.
 * Make one per scan: the next scan sees files edited since.
 */
export interface ImageScanMemo {
  readonly follow: Follow;
  /** Where a figure is, by the content file's folder and its `src`. */
  readonly places: Map<string, Promise<FigurePlace>>;
  /**
   * An image's bytes by absolute path, or undefined when `loadItemAssets`
   * would refuse it before looking at them; kept only while they fit in
   * `budget` bytes all told (a project of many big photos is read per item).
   */
  readonly images: Map<string, Promise<Uint8Array | undefined>>;
  budget: number;
}

/** How many bytes of images a scan keeps for the items that share them. */
const SCAN_IMAGE_BUDGET = 32 * 1024 * 1024;

/** A fresh ImageScanMemo for one scan of a project. */
export function createImageScanMemo(env: Env): ImageScanMemo {
  return { follow: followOf(env), places: new Map(), images: new Map(), budget: SCAN_IMAGE_BUDGET };
}

/**
 * The `sources` and `bytes` that `loadItemAssets` gives an item with these
 * figure sources when it succeeds, without checking the images: undefined
 * when a figure would fail before its bytes are read (outside the project,
 * missing, not a regular file, unreadable). For a build's cache check only:
 * the inputs hash covers every image's bytes, and it is recorded only by a
 * build in which `loadItemAssets` fully checked those very bytes, so a hash
 * that matches needs no second check, and an edited or damaged image changes
 * the hash and its item is built (and checked) again.
 */
export async function scanItemAssets(env: Env, file: string, srcs: readonly (string | undefined)[], memo: ImageScanMemo): Promise<Pick<ItemAssets, 'sources' | 'bytes'> | undefined> {
  const sources: string[] = [];
  const bytes: Uint8Array[] = [];
  const seen = new Set<string>();
  // The folder of the project-relative path stands for the content file's folder.
  const folder = dirname(file);
  for (const raw of srcs) {
    // Skipped as loadItemAssets skips them.
    const src = raw?.trim();
    if (src === undefined || src === '') continue;
    const where = `${folder}\u0000${src}`;
    let placing = memo.places.get(where);
    if (!placing) {
      placing = placeFigure(env, dirname(resolve(env.root, file)), src, memo.follow);
      memo.places.set(where, placing);
    }
    const place = await placing;
    if (!place.ok) return undefined;
    sources.push(place.key);
    if (seen.has(place.key)) continue;
    seen.add(place.key);
    let image = memo.images.get(place.abs);
    if (!image) {
      const abs = place.abs;
      image = readScannedImage(env, abs, place.real).then((read) => {
        if (read && read.length > memo.budget) memo.images.delete(abs);
        else if (read) memo.budget -= read.length;
        return read;
      });
      memo.images.set(abs, image);
    }
    const read = await image;
    if (!read) return undefined;
    bytes.push(read);
  }
  return { sources, bytes };
}

async function readScannedImage(env: Env, abs: string, real: string): Promise<Uint8Array | undefined> {
  if ((await entryKind(env, real)) !== 'file') return undefined;
  try {
    return await env.readFile(abs);
  } catch {
    return undefined;
  }
}

/** Whether a (real) path is a regular file, a folder or something else, by listing its folder. */
async function entryKind(env: Env, real: string): Promise<'file' | 'dir' | 'other' | undefined> {
  try {
    const name = real.slice(real.lastIndexOf('/') + 1);
    return (await env.readDir(dirname(real))).find((entry) => entry.name === name)?.kind;
  } catch {
    return undefined;
  }
}

/** Reads the type and pixel size of a PNG or JPEG from its header, or undefined. */
export function imageInfo(bytes: Uint8Array): { mime: Asset['mime']; width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
    return { mime: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) return undefined;
      const marker = bytes[offset + 1]!;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        offset += 2;
        continue;
      }
      const length = view.getUint16(offset + 2);
      // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { mime: 'image/jpeg', height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
      }
      offset += 2 + length;
    }
    return undefined;
  }
  return undefined;
}

/**
 * Reads a template set's logo (`theme.yaml` `logo.src`, relative to the set's
 * folder and inside it, also after following links) as a checked PNG or JPEG.
 */
export async function loadSetLogo(env: Env, set: { dir: string; displayDir: string; theme: { logo?: { src: string } } }): Promise<{ ok: true; logo?: Asset } | { ok: false; diagnostics: Diagnostic[] }> {
  const src = set.theme.logo?.src;
  if (src === undefined) return { ok: true };
  const file = `${set.displayDir}/theme.yaml`;
  const at = { path: 'logo.src', code: 'theme-logo' };
  const abs = resolve(set.dir, src);
  let real: string;
  let realDir: string;
  try {
    real = await env.realPath(abs);
    realDir = await env.realPath(set.dir);
  } catch {
    return { ok: false, diagnostics: [error(file, `logo not found: \`${src}\` (looked for ${set.displayDir}/${src})`, at)] };
  }
  if (!isInside(realDir, real)) return { ok: false, diagnostics: [error(file, `the logo \`${src}\` leads outside the template set`, at)] };
  const bytes = await env.readFile(abs);
  const checked = await checkImage(bytes);
  if (!checked.ok) return { ok: false, diagnostics: [error(file, `the logo \`${src}\` ${checked.reason}`, { ...at, ...(checked.hint ? { hints: [checked.hint] } : {}) })] };
  return { ok: true, logo: { mime: checked.mime, width: checked.width, height: checked.height, bytes } };
}

/** Most pixels an image may have: 64 million covers a 50-megapixel camera picture; beyond it decoding memory is refused. */
export const MAX_IMAGE_PIXELS = 64_000_000;

/** What checking an image found: its type and size, or why it cannot be used. */
export type ImageCheck = { ok: true; mime: Asset['mime']; width: number; height: number } | { ok: false; reason: string; hint?: string };

/**
 * Checks that bytes are a whole, undamaged PNG or JPEG before any renderer
 * sees them (pdfkit has crashed the process on a corrupt PNG and thrown a
 * bare string on a truncated JPEG): for a PNG every chunk's CRC, the header's
 * values and a full inflate of the image data, streamed so memory stays
 * small, to exactly the size the header implies; for a JPEG every marker
 * segment through to the end-of-image marker. The pixel count is capped by
 * MAX_IMAGE_PIXELS.
 */
export async function checkImage(bytes: Uint8Array): Promise<ImageCheck> {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return checkPng(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8) return checkJpeg(bytes);
  const kind = sniffOther(bytes);
  return { ok: false, reason: kind ? `is ${kind}, not a PNG or JPEG image` : 'is not a PNG or JPEG image', hint: 'convert it to PNG or JPEG' };
}

function sniffOther(bytes: Uint8Array): string | undefined {
  const ascii = String.fromCharCode(...bytes.subarray(0, 16));
  if (ascii.startsWith('GIF8')) return 'a GIF image';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'a WebP image';
  if (ascii.startsWith('BM')) return 'a BMP image';
  if (/^\s*<(\?xml|svg)/i.test(ascii)) return 'an SVG or XML file';
  if (ascii.startsWith('%PDF')) return 'a PDF document';
  if (/^II\*\0|^MM\0\*/.test(ascii)) return 'a TIFF image';
  return undefined;
}

function sizeFault(width: number, height: number): ImageCheck | undefined {
  if (width < 1 || height < 1) return { ok: false, reason: `declares a size of ${width}×${height} pixels` };
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return { ok: false, reason: `is ${width}×${height} pixels (${(width * height / 1e6).toFixed(1)} megapixels); images may have at most ${MAX_IMAGE_PIXELS / 1e6} megapixels and ${MAX_IMAGE_SIDE} pixels a side`, hint: 'scale it down; print needs about 300 pixels per inch' };
  }
  return undefined;
}

const PNG_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

async function checkPng(bytes: Uint8Array): Promise<ImageCheck> {
  // zlib (and the stream modules it loads, ~5 ms in a cold process) only for items with a PNG.
  const { crc32 } = await import('node:zlib');
  const damaged = (what: string): ImageCheck => ({ ok: false, reason: `is a damaged PNG: ${what}`, hint: 'open and save it again in an image editor, or export it afresh' });
  if (bytes[4] !== 0x0d || bytes[5] !== 0x0a || bytes[6] !== 0x1a || bytes[7] !== 0x0a) return damaged('its signature is broken (was it transferred as text?)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlaced: boolean } | undefined;
  let palette = false;
  let ended = false;
  let idatDone = false;
  const idat: Uint8Array[] = [];
  while (!ended) {
    if (offset + 12 > bytes.length) return damaged(offset === bytes.length ? 'it ends before its IEND chunk (truncated)' : 'it is truncated inside a chunk header');
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) return damaged(`a chunk at byte ${offset} has no valid type`);
    if (length > 0x7fffffff || offset + 12 + length > bytes.length) return damaged(`it is truncated inside its ${type} chunk`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) return damaged(`its ${type} chunk fails its checksum`);
    if (!header && type !== 'IHDR') return damaged('it does not start with an IHDR chunk');
    if (type === 'IHDR') {
      if (header) return damaged('it has two IHDR chunks');
      if (length !== 13) return damaged('its IHDR chunk has the wrong length');
      const width = view.getUint32(offset + 8);
      const height = view.getUint32(offset + 12);
      const depth = data[8]!;
      const colour = data[9]!;
      if (!PNG_DEPTHS[colour]?.includes(depth)) return damaged(`colour type ${colour} with bit depth ${depth} is not a valid combination`);
      if (data[10] !== 0 || data[11] !== 0 || (data[12] !== 0 && data[12] !== 1)) return damaged('its header names an unknown compression, filter or interlace method');
      const size = sizeFault(width, height);
      if (size) return size;
      header = { width, height, depth, colour, interlaced: data[12] === 1 };
    } else if (type === 'PLTE') {
      palette = true;
    } else if (type === 'IDAT') {
      if (idatDone) return damaged('its IDAT chunks are not consecutive');
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
    } else if ((bytes[offset + 4]! & 0x20) === 0) {
      return damaged(`it has a critical chunk \`${type}\` that PNG readers do not know`);
    }
    if (type !== 'IDAT' && idat.length > 0) idatDone = true;
    offset += 12 + length;
  }
  if (!header) return damaged('it has no IHDR chunk');
  if (header.colour === 3 && !palette) return damaged('it is a palette image without a palette (PLTE)');
  if (idat.length === 0) return damaged('it has no image data (IDAT)');
  const rows = pngRows(header.width, header.height, PNG_CHANNELS[header.colour]! * header.depth, header.interlaced);
  const expected = rows.reduce((sum, r) => sum + r.count * r.stride, 0);
  let inflated: number;
  try {
    inflated = await inflatedLength(idat, expected, rows);
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return damaged(/^scanline|more data/.test(message) ? `its image data is corrupt: ${message}` : `its image data cannot be decompressed (${message})`);
  }
  if (inflated < expected) return damaged(`its image data is truncated (${inflated} of ${expected} bytes)`);
  return { ok: true, mime: 'image/png', width: header.width, height: header.height };
}

/**
 * The scanlines of a PNG of this size: runs of `count` rows of `stride`
 * bytes (a filter-type byte, then the row), one run per interlace pass.
 */
function pngRows(width: number, height: number, bitsPerPixel: number, interlaced: boolean): { count: number; stride: number }[] {
  const run = (w: number, h: number) => ({ count: w === 0 ? 0 : h, stride: 1 + Math.ceil((w * bitsPerPixel) / 8) });
  if (!interlaced) return [run(width, height)];
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const;
  return passes.map(([x0, y0, dx, dy]) => run(Math.max(0, Math.ceil((width - x0) / dx)), Math.max(0, Math.ceil((height - y0) / dy))));
}

/**
 * Inflates zlib data, counting the output without keeping it; fails past
 * `limit` bytes, on a damaged stream, or on a scanline whose filter type is
 * not 0–4 (png-js throws that from a zlib callback, which kills the process).
 */
async function inflatedLength(chunks: readonly Uint8Array[], limit: number, rows: readonly { count: number; stride: number }[]): Promise<number> {
  const { createInflate } = await import('node:zlib');
  return new Promise<number>((resolvePromise, reject) => {
    const inflate = createInflate();
    let total = 0;
    let settled = false;
    // Where the next filter-type byte is: run, row within it, and offset in the output.
    let run = 0;
    let row = 0;
    let nextFilter = 0;
    const skipEmpty = () => {
      while (run < rows.length && rows[run]!.count === 0) run++;
    };
    skipEmpty();
    const fail = (thrown: Error) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      reject(thrown);
    };
    inflate.on('data', (chunk: Buffer) => {
      const start = total;
      total += chunk.length;
      if (total > limit) {
        fail(new Error(`it holds more data than its ${limit}-byte size`));
        return;
      }
      while (run < rows.length && nextFilter < total) {
        const filter = chunk[nextFilter - start]!;
        if (filter > 4) {
          fail(new Error(`scanline ${row + 1} has an unknown filter type ${filter}`));
          return;
        }
        nextFilter += rows[run]!.stride;
        if (++row >= rows[run]!.count) {
          run++;
          row = 0;
          skipEmpty();
        }
      }
    });
    inflate.on('error', (thrown: Error) => fail(new Error((thrown as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'unexpected end of data' : thrown.message)));
    inflate.on('end', () => {
      if (settled) return;
      settled = true;
      resolvePromise(total);
    });
    for (const chunk of chunks) inflate.write(chunk);
    inflate.end();
  });
}

function checkJpeg(bytes: Uint8Array): ImageCheck {
  const damaged = (what: string): ImageCheck => ({ ok: false, reason: `is a damaged JPEG: ${what}`, hint: 'open and save it again in an image editor, or export it afresh' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  let frame: { width: number; height: number } | undefined;
  let scans = 0;
  for (;;) {
    if (offset >= bytes.length) return damaged('it ends without its end-of-image marker (truncated)');
    if (bytes[offset] !== 0xff) return damaged(`expected a marker at byte ${offset}`);
    while (bytes[offset] === 0xff && offset < bytes.length) offset++; // fill bytes
    if (offset >= bytes.length) return damaged('it ends without its end-of-image marker (truncated)');
    const marker = bytes[offset]!;
    offset++;
    if (marker === 0xd9) break;
    if (marker === 0xd8) return damaged('it has a second start-of-image marker');
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (offset + 2 > bytes.length) return damaged('it is truncated inside a marker segment');
    const length = view.getUint16(offset);
    if (length < 2 || offset + length > bytes.length) return damaged('it is truncated inside a marker segment');
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (frame) return damaged('it has two frame headers');
      if (length < 8) return damaged('its frame header is too short');
      const height = view.getUint16(offset + 3);
      const width = view.getUint16(offset + 5);
      const components = bytes[offset + 7]!;
      if (![1, 3, 4].includes(components)) return { ok: false, reason: `is a JPEG with ${components} colour components; only greyscale, RGB and CMYK can be shown`, hint: 'save it as an ordinary RGB JPEG' };
      if (height === 0) return { ok: false, reason: 'is a JPEG whose height is set after the image data (DNL), which renderers cannot read', hint: 'save it again in an image editor' };
      const size = sizeFault(width, height);
      if (size) return size;
      frame = { width, height };
    }
    offset += length;
    if (marker === 0xda) {
      if (!frame) return damaged('its image data comes before its frame header');
      scans++;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      while (offset < bytes.length) {
        if (bytes[offset] === 0xff && offset + 1 < bytes.length) {
          const next = bytes[offset + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        offset++;
      }
    }
  }
  if (!frame) return damaged('it has no frame header');
  if (scans === 0) return damaged('it has no image data');
  return { ok: true, mime: 'image/jpeg', width: frame.width, height: frame.height };
}
