import { readFileSync } from 'node:fs';

/**
 * The text of a file `npm run build` wrote at `path` under dist/ (the
 * shaping tables, the briefing's styles parts, …), or undefined when there is
 * none (a run from src/, or an install that skipped the build step). Every
 * module sits one folder below dist/ (dist/<stage>/ as tsc writes it, or a
 * chunk in dist/bundle/), so one relative path reaches the file from either.
 */
export function readDistFile(path: string): string | undefined {
  try {
    return readFileSync(distFileUrl(path), 'utf8');
  } catch {
    return undefined;
  }
}

/** The text of a file `npm run build` wrote into dist/template/ (the date patterns, the parsed YAML of the shipped sets), or undefined (see readDistFile). */
export function readBuiltFile(name: string): string | undefined {
  return readDistFile(`template/${name}`);
}

/** Where `npm run build` writes `name` under dist/template/, reached from any module of dist/ (see readBuiltFile). */
export function builtFileUrl(name: string): URL {
  return distFileUrl(`template/${name}`);
}

/** A file at `path` under dist/ (`render/pdf/…`), reached from any module of dist/ (see readBuiltFile). */
export function distFileUrl(path: string): URL {
  return new URL(`../${path}`, import.meta.url);
}

/**
 * A table the build wrote into dist/template/ as a JSON file of layout `F`,
 * read on the first call of the getter returned (then kept). `entriesOf`
 * picks the table's record from the file, or undefined when the file was made
 * for something else (another version of what made it); the getter then
 * gives null, as it does when there is no file.
 */
export function builtTable<F, V>(name: string, entriesOf: (file: Partial<F>) => Record<string, V> | undefined): () => Map<string, V> | null {
  let table: Map<string, V> | null | undefined;
  return () => {
    if (table === undefined) {
      const text = readBuiltFile(name);
      const entries = text === undefined ? undefined : entriesOf(JSON.parse(text) as Partial<F>);
      table = entries ? new Map(Object.entries(entries)) : null;
    }
    return table;
  };
}
