import { fileURLToPath } from 'node:url';
import { createProject, type Project } from '../../src/build/index.js';
import { createMemoryEnv } from '../../src/env/index.js';
import { createNodeEnv } from '../../src/env/index.js';
import { templateSearchPath } from '../../src/cli/main.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

/** Reads the repository's `templates/` into a map of absolute paths (for in-memory projects). */
function templateFiles(): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[abs] = new Uint8Array(readFileSync(abs));
    }
  };
  walk(join(REPO, 'templates'));
  return out;
}

/**
 * An in-memory project at `/project` holding the repository's templates and
 * the given files (paths relative to the project root).
 */
export function memoryProject(files: Record<string, string | Uint8Array>): Project {
  const root = '/project';
  const all: Record<string, string | Uint8Array> = {};
  for (const [abs, bytes] of Object.entries(templateFiles())) all[abs.replace(REPO, root)] = bytes;
  for (const [rel, content] of Object.entries(files)) all[`${root}/${rel}`] = content;
  return createProject(createMemoryEnv(root, all), [{ dir: `${root}/templates`, display: 'templates' }]);
}

/** A project on disk at `root`, with briefkit's own templates as the fallback. */
export function diskProject(root: string): Project {
  return createProject(createNodeEnv(root), templateSearchPath(root));
}
