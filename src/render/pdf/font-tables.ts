/**
 * What `npm run build` works out ahead for the bundled fonts
 * (scripts/shaping-tables.mjs), one file per font named by `fontTablesKey`:
 * the fast shaper's plans (working them out reads a font's whole GSUB and
 * GPOS, ~150 ms a face at every cold start) and the data a LightFont takes
 * from fontkit (light-font.ts). Missing, stale or for other fonts: the plans
 * are worked out at run time and the font is parsed by fontkit.
 */

import { createHash } from 'node:crypto';
import { readDistFile } from '../../env/built-files.js';
import type { FontFile } from '../../env/types.js';
import type { PackedPlan, PackedPlans } from './fast-shaping.js';
import type { LightFontData } from './light-font.js';

/** The version of the tables this code reads (bump when `computePlan` or `lightFontData` changes). */
export const SHAPING_TABLES_VERSION = 3;

/** The build's tables of one font. */
export interface FontTables {
  plans: PackedPlans;
  /** Absent when the face keeps fontkit (see lightFontData). */
  light?: LightFontData;
}

/** The file as the build writes it: each distinct plan once. */
export interface FontTablesFile {
  version: number;
  font: string;
  plans: (PackedPlan | null)[];
  scripts: Record<string, number>;
  light?: LightFontData;
  /** Why the face keeps fontkit (for whoever reads the file). */
  fontkit?: string;
}

/**
 * The name of a font's tables: the sha256 of its length and its table
 * directory (each table's tag, checksum, offset and length), which differ
 * between any two well-formed fonts that differ at all; a font is not hashed
 * whole (~5 ms a face here at every cold start, where the directory is ~300
 * bytes). What is not a plain TrueType or OpenType font (a collection, WOFF)
 * is hashed whole.
 */
export function fontTablesKey(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // TrueType (1.0 or 'true') or CFF ('OTTO') outlines; the directory's end from its table count.
  const sfnt = bytes.length >= 12 && [0x00010000, 0x74727565, 0x4f54544f].includes(view.getUint32(0));
  const end = sfnt ? 12 + view.getUint16(4) * 16 : Infinity;
  const hash = createHash('sha256');
  if (end <= bytes.length) hash.update(`sfnt ${bytes.length}\u0000`).update(bytes.subarray(0, end));
  else hash.update(bytes);
  return hash.digest('hex');
}

// Read once per process per font bytes (null: no usable file).
const readTables = new WeakMap<Uint8Array, FontTables | null>();

/** The build's tables of a font, if it left a current file for it. */
export function precomputedTables(file: FontFile): FontTables | undefined {
  const bytes = file.bytes;
  let tables = readTables.get(bytes);
  if (tables === undefined) {
    tables = null;
    const text = readDistFile(`render/pdf/shaping-tables/${fontTablesKey(bytes)}.json`);
    if (text !== undefined) {
      const data = JSON.parse(text) as Partial<FontTablesFile>;
      if (data.version === SHAPING_TABLES_VERSION && data.plans && data.scripts) {
        const plans = data.plans;
        tables = { plans: Object.fromEntries(Object.entries(data.scripts).map(([script, index]) => [script, plans[index] ?? null])) };
        if (data.light) tables.light = data.light;
      }
    }
    readTables.set(bytes, tables);
  }
  return tables ?? undefined;
}
