import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under `dir`, relative and sorted (dot files included), and
 * every empty folder as `name/`, so that a leftover spool or item folder
 * shows too. Nothing for a folder that does not exist.
 */
export function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(join(dir, prefix))) return [];
  const entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  if (entries.length === 0 && prefix !== '') return [`${prefix}/`];
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)])).sort();
}
