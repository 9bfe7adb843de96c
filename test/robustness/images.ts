import { deflateSync } from 'node:zlib';

import { chunk } from '../fixtures/png.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** What kind of PNG to make. */
export interface PngSpec {
  width: number;
  height: number;
  /** PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colour?: 0 | 2 | 3 | 4 | 6;
  depth?: 1 | 2 | 4 | 8 | 16;
  interlaced?: boolean;
  /** Fill every pixel byte with this value instead of a pattern (fast for huge images). */
  fill?: number;
  /** Add a tRNS chunk (transparency for palette, grey or RGB images). */
  transparency?: boolean;
}

/** The filtered scanlines of one (sub-)image, filter type 0. */
function scanlines(width: number, height: number, bitsPerPixel: number, fill: number | undefined): Buffer {
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const out = Buffer.alloc((rowBytes + 1) * height, fill ?? 0);
  for (let y = 0; y < height; y++) {
    out[y * (rowBytes + 1)] = 0;
    if (fill === undefined) for (let x = 0; x < rowBytes; x++) out[y * (rowBytes + 1) + 1 + x] = (x * 7 + y * 13) & 0xff;
  }
  return out;
}

/** The raw (inflated) IDAT data a PNG of this spec holds. */
export function pngData(spec: PngSpec): Buffer {
  const bits = CHANNELS[spec.colour ?? 2]! * (spec.depth ?? 8);
  if (!spec.interlaced) return scanlines(spec.width, spec.height, bits, spec.fill);
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
  return Buffer.concat(passes.map(([x0, y0, dx, dy]) => {
    const w = Math.ceil((spec.width - x0) / dx);
    const h = Math.ceil((spec.height - y0) / dy);
    return w > 0 && h > 0 ? scanlines(w, h, bits, spec.fill) : Buffer.alloc(0);
  }));
}

/** Makes a valid PNG of any colour type, depth and interlacing; `idat` replaces the compressed data. */
export function png(spec: PngSpec, idat?: Uint8Array): Buffer {
  const colour = spec.colour ?? 2;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(spec.width, 0);
  ihdr.writeUInt32BE(spec.height, 4);
  ihdr[8] = spec.depth ?? 8;
  ihdr[9] = colour;
  ihdr[12] = spec.interlaced ? 1 : 0;
  const parts = [SIGNATURE, chunk('IHDR', ihdr)];
  if (colour === 3) parts.push(chunk('PLTE', Buffer.from(Array.from({ length: 256 * 3 }, (_, i) => (i * 37) & 0xff))));
  if (spec.transparency) parts.push(chunk('tRNS', colour === 3 ? Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 11) & 0xff)) : Buffer.alloc(colour === 0 ? 2 : 6, 0)));
  parts.push(chunk('IDAT', idat ?? deflateSync(pngData(spec))), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

/** Flips one byte inside the first IDAT chunk's data, leaving its CRC as it was (a damaged file). */
export function withBadCrc(file: Buffer): Buffer {
  const out = Buffer.from(file);
  const at = out.indexOf('IDAT', 0, 'ascii');
  out[at + 8] = out[at + 8]! ^ 0xff;
  return out;
}

/** A 40×30 baseline JPEG (made with ImageMagick), whole. */
export const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAeACgDASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAUH/8QAFxABAQEBAAAAAAAAAAAAAAAAABMBYf/EABYBAQEBAAAAAAAAAAAAAAAAAAAHAf/EABgRAAMBAQAAAAAAAAAAAAAAAAAVYQEC/9oADAMBAAIRAxEAPwDMrFk6xZqCFmdUo2LJ1iwggdUo2E6wIIHVJ1ulup1dK6tSPkkbnSjbpbqdXSuiPkOdKNuidXQR8hzp/9k=', 'base64');
