import { readFile } from 'node:fs/promises';
import { loadBundledFonts } from './fonts.js';
import type { Env, FontSet } from './types.js';

/** The real Env: files from disk, bundled fonts (parsed once), the wall clock. */
export function createNodeEnv(root: string): Env {
  let fonts: FontSet | undefined;
  return {
    root,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    fonts: () => (fonts ??= loadBundledFonts()),
    now: () => Date.now(),
  };
}
