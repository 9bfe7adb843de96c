import { loadBundledFonts } from './fonts.js';
import type { Env, FontSet } from './types.js';

/** An in-memory Env for tests: files from a map, a fixed clock. */
export function createMemoryEnv(root: string, files: Record<string, Uint8Array | string>, fonts?: FontSet): Env {
  const encoder = new TextEncoder();
  let loaded = fonts;
  return {
    root,
    readFile: async (path) => {
      const file = files[path];
      if (file === undefined) {
        const err = new Error(`ENOENT: no such file, open '${path}'`) as NodeJS.ErrnoException;
        err.code = 'ENOENT';
        throw err;
      }
      return typeof file === 'string' ? encoder.encode(file) : file;
    },
    fonts: () => (loaded ??= loadBundledFonts()),
    now: () => 0,
  };
}
