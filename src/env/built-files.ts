import { readFileSync } from 'node:fs';

/**
 * The text of a file `npm run build` wrote into dist/template/ (the date
 * patterns, the parsed YAML of the shipped sets), or undefined when there is
 * none (a run from src/, or an install that skipped the build step). Every
 * module sits one folder below dist/ (dist/<stage>/ as tsc writes it, or a
 * chunk in dist/bundle/), so one relative path reaches the file from either.
 */
export function readBuiltFile(name: string): string | undefined {
  try {
    return readFileSync(new URL(`../template/${name}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}
