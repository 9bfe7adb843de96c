import { loadBundledFonts } from './fonts.js';
import type { DirEntry, Env, FontSet } from './types.js';

function notFound(path: string): NodeJS.ErrnoException {
  const err = new Error(`ENOENT: no such file or directory, '${path}'`) as NodeJS.ErrnoException;
  err.code = 'ENOENT';
  return err;
}

/** An in-memory Env for tests: files from a map of absolute paths, a fixed clock. */
export function createMemoryEnv(root: string, files: Record<string, Uint8Array | string>, fonts?: FontSet): Env {
  const encoder = new TextEncoder();
  let loaded = fonts;
  const read = (path: string): Uint8Array => {
    const file = files[path];
    if (file === undefined) throw notFound(path);
    return typeof file === 'string' ? encoder.encode(file) : file;
  };
  const isDir = (path: string) => Object.keys(files).some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));
  return {
    root,
    readFile: async (path) => read(path),
    readFileSync: (path) => read(path),
    readDir: async (path) => {
      const prefix = `${path.replace(/\/$/, '')}/`;
      if (!isDir(path)) throw notFound(path);
      const names = new Map<string, DirEntry>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const name = rest.split('/')[0]!;
        names.set(name, { name, kind: rest.includes('/') ? 'dir' : 'file' });
      }
      return [...names.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    realPath: async (path) => {
      if (files[path] === undefined && !isDir(path)) throw notFound(path);
      return path;
    },
    fonts: () => (loaded ??= loadBundledFonts()),
    now: () => 0,
  };
}
