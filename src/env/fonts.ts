import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FontFile, FontSet, FontStyle } from './types.js';

const require = createRequire(import.meta.url);

/** Where each bundled face lives: an npm package and a file inside it. */
const BUNDLED: {
  primary: Record<FontStyle, { family: string; key: string; file: string }>;
  mono: { family: string; key: string; file: string };
  fallbacks: { family: string; key: string; file: string }[];
} = {
  primary: {
    regular: { family: 'Noto Sans', key: 'NotoSans-Regular', file: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf' },
    bold: { family: 'Noto Sans', key: 'NotoSans-Bold', file: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf' },
    italic: { family: 'Noto Sans', key: 'NotoSans-Italic', file: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf' },
    boldItalic: { family: 'Noto Sans', key: 'NotoSans-BoldItalic', file: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf' },
  },
  mono: { family: 'DejaVu Sans Mono', key: 'DejaVuSansMono', file: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf' },
  fallbacks: [
    { family: 'DejaVu Sans', key: 'DejaVuSans', file: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf' },
    { family: 'Noto Emoji', key: 'NotoEmoji-Regular', file: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf' },
  ],
};

/**
 * The bytes of the bundled font files read so far, by file: one object per
 * file for the process, whichever font set asks (the PDF renderer's parse
 * cache is keyed by it).
 */
const readFiles = new Map<string, Uint8Array>();

function bundledBytes(file: string): Uint8Array {
  let bytes = readFiles.get(file);
  if (!bytes) readFiles.set(file, (bytes = viewOf(readFileSync(require.resolve(file)))));
  return bytes;
}

/**
 * A bundled face whose file is found and read when its bytes are first
 * asked for (then kept: the same bytes object every time). A fact sheet
 * draws three or four of the seven faces, and a build that makes no fact
 * sheet none: reading all of them up front cost a cold one-item build ~35 ms.
 */
function load(spec: { family: string; key: string; file: string }, style: FontStyle): FontFile {
  const file = { family: spec.family, key: spec.key, style, contentId: `bundled:${spec.file}` } as FontFile;
  Object.defineProperty(file, 'bytes', { get: () => bundledBytes(spec.file), enumerable: true });
  return file;
}

/**
 * The bytes of a file read whole, as a plain Uint8Array over the Buffer's own
 * memory: a face is ~600 kB, and copying it cost a cold fact sheet ~4 ms a face.
 */
function viewOf(read: Buffer): Uint8Array {
  return new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
}

/** Reads the fonts shipped by briefkit's npm dependencies. */
export function loadBundledFonts(): FontSet {
  return {
    primary: {
      regular: load(BUNDLED.primary.regular, 'regular'),
      bold: load(BUNDLED.primary.bold, 'bold'),
      italic: load(BUNDLED.primary.italic, 'italic'),
      boldItalic: load(BUNDLED.primary.boldItalic, 'boldItalic'),
    },
    mono: load(BUNDLED.mono, 'regular'),
    fallbacks: BUNDLED.fallbacks.map((spec) => load(spec, 'regular')),
  };
}

/** The package versions of the bundled fonts, part of every output's inputs hash. */
export function bundledFontVersions(): string[] {
  const packages = ['@expo-google-fonts/noto-sans', 'dejavu-fonts-ttf', '@expo-google-fonts/noto-emoji'];
  return packages.map((name) => {
    const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
    return `${name}@${pkg.version}`;
  });
}

/**
 * Finds a file of an npm font package: in the project's `node_modules` first
 * (resolved from `projectRoot`), then in briefkit's own installation. Returns
 * the absolute path, or undefined with the places looked in.
 */
export function resolvePackageFile(projectRoot: string, pkg: string, file: string): { path?: string; looked: string[] } {
  const looked: string[] = [];
  const requirers = [createRequire(join(projectRoot, 'package.json')), require];
  for (const [index, req] of requirers.entries()) {
    looked.push(index === 0 ? 'the project' : "briefkit's installation");
    try {
      return { path: req.resolve(`${pkg}/${file}`), looked };
    } catch {
      // A package with an `exports` map may hide its files from resolve(): find its folder instead.
      try {
        const dir = dirname(req.resolve(`${pkg}/package.json`));
        const path = join(dir, file);
        if (existsSync(path)) return { path, looked };
      } catch {
        // Not installed there; try the next place.
      }
    }
  }
  return { looked };
}

// One FontFile per distinct font content for the whole process, so the PDF
// renderer's per-process parse cache (keyed by the bytes) hits for every
// document and every template set that uses the same file.
const themeFontFiles = new Map<string, FontFile>();

/**
 * Makes the FontFile of a theme's face from its bytes; the same bytes give the
 * same FontFile object for the life of the process (a documented cache). The
 * key carries a hash of the bytes, so two different files never share one.
 */
export function themeFontFile(family: string, style: FontStyle, bytes: Uint8Array): FontFile {
  const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const key = `${family.replace(/[^A-Za-z0-9]+/g, '')}-${style}-${sha}`;
  let file = themeFontFiles.get(key);
  if (!file) {
    file = { family, style, key, bytes };
    themeFontFiles.set(key, file);
  }
  return file;
}

/**
 * Checks that bytes are one TrueType or OpenType face the PDF can embed:
 * returns why not, or undefined when they are.
 */
export function fontFileProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return 'is not a font file (too short)';
  const tag = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (tag === 'ttcf') return 'is a font collection (.ttc); give a single TrueType/OpenType face';
  if (tag === 'wOFF' || tag === 'wOF2') return 'is a web font (WOFF); give the TrueType/OpenType (.ttf/.otf) file';
  const isSfnt = (bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 0) || tag === 'OTTO' || tag === 'true';
  if (!isSfnt) return 'is not a TrueType or OpenType font file';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(4);
  if (12 + count * 16 > bytes.length) return 'is a damaged font file (its table directory is cut short)';
  const tables = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    tables.add(String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!));
  }
  for (const needed of ['cmap', 'head', 'hhea', 'hmtx']) if (!tables.has(needed)) return `is not a usable font: it has no \`${needed}\` table`;
  if (!tables.has('glyf') && !tables.has('CFF ')) return 'is not a usable font: it has no outlines (glyf or CFF table)';
  return undefined;
}
