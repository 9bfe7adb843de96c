// What the build steps that write tables into dist/ share: paths under dist/,
// a fresh folder for what a step writes, and the template sets that ship with
// briefkit (templates/<set>/). Imported by shaping-tables.mjs,
// docx-fixed-parts.mjs and precompile-templates.mjs.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** A path under dist/, as a file URL. */
export const dist = (path) => new URL(`../dist/${path}`, import.meta.url);

/** The template search path of the shipped sets. */
export const shippedSearch = [{ dir: `${root}templates`, display: 'templates' }];

/** The names of the shipped template sets. */
export function shippedSets() {
  return readdirSync(`${root}templates`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** Empties (or makes) the folder `path` under dist/ and returns its file path. */
export function freshDistDir(path) {
  const dir = fileURLToPath(dist(path));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
