import { readFileSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import { loadBundledFonts } from './fonts.js';
import type { DirEntry, Env, FontSet } from './types.js';

/** The real Env: files from disk, bundled fonts (parsed once), the wall clock. */
export function createNodeEnv(root: string): Env {
  let fonts: FontSet | undefined;
  return {
    root,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    // Copied like readFile's: a small file's Buffer is a slice of a shared pool, the copy owns its memory.
    readFileSync: (path) => new Uint8Array(readFileSync(path)),
    readDir: async (path) => {
      const entries = await readdir(path, { withFileTypes: true });
      return entries
        .map((e): DirEntry => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other' }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    realPath: (path) => realpath(path),
    fonts: () => (fonts ??= loadBundledFonts()),
    now: () => Date.now(),
  };
}
