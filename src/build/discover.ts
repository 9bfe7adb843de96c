import { relative, resolve, sep } from 'node:path';
import { CONTENT_EXTENSIONS } from '../content/index.js';
import { error, type Diagnostic } from '../diagnostics/index.js';
import type { Env } from '../env/index.js';

/** Converts an absolute path inside the root to a project-relative path with `/`. */
export function toProjectPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/** Whether an absolute path is the root or inside it. */
export function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** Whether a file name is a content item (right extension, not a draft or hidden file). */
export function isContentFile(name: string): boolean {
  if (name.startsWith('_') || name.startsWith('.')) return false;
  const lower = name.toLowerCase();
  return CONTENT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** What discovery found: content files (project-relative, sorted) and the folders/files scanned. */
export interface Discovery {
  files: string[];
  /** Project-relative paths that were scanned (for pruning outputs of deleted items). */
  scanned: string[];
  diagnostics: Diagnostic[];
}

/**
 * Finds content files under the given paths (files or folders, relative to
 * the working directory). A path that does not exist or lies outside the
 * project is a usage error.
 */
export async function discoverContent(env: Env, cwd: string, paths: readonly string[]): Promise<Discovery> {
  const found = new Set<string>();
  const scanned: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const given of paths) {
    const abs = resolve(cwd, given);
    if (!isInside(env.root, abs)) {
      diagnostics.push(error(given, 'is outside the project root; briefkit only builds content inside the project', { code: 'bad-path' }));
      continue;
    }
    const rel = toProjectPath(env.root, abs);
    try {
      const entries = await env.readDir(abs);
      scanned.push(rel);
      await walk(env, abs, entries, found);
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') {
        const name = abs.slice(abs.lastIndexOf(sep) + 1);
        if (!CONTENT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
          diagnostics.push(error(rel, `is not a content file (expected ${CONTENT_EXTENSIONS.join(', ')})`, { code: 'bad-path' }));
        } else {
          found.add(rel);
          scanned.push(rel);
        }
      } else {
        diagnostics.push(error(rel || given, code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? 'error'})`, { code: 'bad-path' }));
      }
    }
  }
  return { files: [...found].sort(), scanned, diagnostics };

  async function walk(env2: Env, dir: string, entries: Awaited<ReturnType<Env['readDir']>>, into: Set<string>): Promise<void> {
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const abs = `${dir}${sep}${entry.name}`;
      if (entry.kind === 'dir') {
        await walk(env2, abs, await env2.readDir(abs), into);
      } else if (entry.kind === 'file' && isContentFile(entry.name)) {
        into.add(toProjectPath(env2.root, abs));
      }
    }
  }
}
