import { dirname, isAbsolute, resolve } from 'node:path';
import { childPath, locate, type FieldPositions } from '../content/index.js';
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

/** Largest image side accepted, in pixels: bigger ones blow up memory in every renderer. */
export const MAX_IMAGE_SIDE = 10_000;

/**
 * Resolves and checks `figures[].src` of an item: relative to the content
 * file, inside the project root (also after following symbolic links), an
 * existing PNG or JPEG of sane size. A path that leaves the root is refused
 * before anything outside it is opened.
 */
export async function loadItemAssets(env: Env, item: { file: string; data: Record<string, unknown>; positions: FieldPositions }): Promise<{ ok: true; assets: ItemAssets } | { ok: false; diagnostics: Diagnostic[] }> {
  const figures = Array.isArray(item.data.figures) ? (item.data.figures as unknown[]) : [];
  const diagnostics: Diagnostic[] = [];
  const result: ItemAssets = { sources: [], assets: new Map(), bytes: [] };
  const contentDir = dirname(resolve(env.root, item.file));
  for (const [index, figure] of figures.entries()) {
    const path = `${childPath('figures', index)}.src`;
    const at = { ...locate(item.positions, path), path };
    const raw = figure !== null && typeof figure === 'object' ? (figure as Record<string, unknown>).src : undefined;
    // Type faults of `src` are the schema's to report.
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const src = raw.trim();
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(src) && !/^[A-Za-z]:[\\/]/.test(src)) {
      diagnostics.push(error(item.file, `\`${src}\` is a URL; figures must be image files inside the project (nothing is downloaded)`, { ...at, code: 'figure-remote' }));
      continue;
    }
    if (isAbsolute(src) || /^[A-Za-z]:[\\/]/.test(src) || src.startsWith('\\\\')) {
      diagnostics.push(error(item.file, `\`${src}\` is an absolute path; write it relative to the content file`, { ...at, code: 'figure-outside' }));
      continue;
    }
    const abs = resolve(contentDir, src.replace(/\\/g, '/'));
    if (!isInside(env.root, abs)) {
      diagnostics.push(error(item.file, `\`${src}\` points outside the project root`, { ...at, code: 'figure-outside' }));
      continue;
    }
    let real: string;
    try {
      real = await env.realPath(abs);
    } catch {
      diagnostics.push(error(item.file, `image not found: \`${src}\` (looked for ${toProjectPath(env.root, abs)})`, { ...at, code: 'figure-missing' }));
      continue;
    }
    let realRoot = env.root;
    try {
      realRoot = await env.realPath(env.root);
    } catch {
      // Keep the root as given.
    }
    if (!isInside(realRoot, real)) {
      diagnostics.push(error(item.file, `\`${src}\` is a link that leads outside the project root`, { ...at, code: 'figure-outside' }));
      continue;
    }
    const key = toProjectPath(env.root, abs);
    result.sources.push(key);
    if (result.assets.has(key)) continue;
    let bytes: Uint8Array;
    try {
      bytes = await env.readFile(abs);
    } catch (thrown) {
      diagnostics.push(error(item.file, `cannot read image \`${src}\`: ${(thrown as NodeJS.ErrnoException).code ?? 'error'}`, { ...at, code: 'figure-read' }));
      continue;
    }
    const info = imageInfo(bytes);
    if (!info) {
      diagnostics.push(error(item.file, `\`${src}\` is not a PNG or JPEG image`, { ...at, code: 'figure-format', hints: ['convert it to PNG or JPEG'] }));
      continue;
    }
    if (info.width < 1 || info.height < 1 || info.width > MAX_IMAGE_SIDE || info.height > MAX_IMAGE_SIDE) {
      diagnostics.push(error(item.file, `\`${src}\` is ${info.width}×${info.height} pixels; images may be at most ${MAX_IMAGE_SIDE} pixels a side`, { ...at, code: 'figure-size' }));
      continue;
    }
    result.assets.set(key, { ...info, bytes });
    result.bytes.push(bytes);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, assets: result };
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
  const info = imageInfo(bytes);
  if (!info) return { ok: false, diagnostics: [error(file, `the logo \`${src}\` is not a PNG or JPEG image`, at)] };
  return { ok: true, logo: { ...info, bytes } };
}
