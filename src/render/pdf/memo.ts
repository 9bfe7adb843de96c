/**
 * Tables kept per process for values that depend only on a font's bytes (or
 * a chain of fonts) and a text: widths, coverage runs, word shapes (with and
 * without their space). A batch sets the same words in document after
 * document; keeping these per document made every document measure and cut
 * its words again.
 * The tables are bounded together, so a long batch of varied text cannot grow
 * them without end; clearing them changes nothing but speed.
 */

const MAX_ENTRIES = 300_000;

/** What empties each table, in place: a table handed out stays the process's table after a clear. */
const clearers: (() => void)[] = [];
let entries = 0;

/** A new process-wide table, cleared with all the others when they hold too much. */
export function processTable<V>(): Map<string, V> {
  const table = new Map<string, V>();
  clearers.push(() => table.clear());
  return table;
}

/** Counts one entry added to a process-wide table; clears every table past the bound. */
export function noteEntry(): void {
  if (++entries > MAX_ENTRIES) clearProcessTables();
}

/** Empties every process-wide table (what passing the bound does). */
export function clearProcessTables(): void {
  for (const clear of clearers) clear();
  entries = 0;
}

/** How many entries the tables may hold together before they are cleared. */
export const MAX_PROCESS_ENTRIES = MAX_ENTRIES;

/**
 * Tables per key (a font's key, a font chain's key), made on first use and
 * cleared with the others. The keys are few (the fonts and chains a process
 * meets), so a clear empties each table and keeps it.
 */
export class KeyedTables<V> {
  private readonly byKey = new Map<string, Map<string, V>>();

  constructor() {
    clearers.push(() => {
      for (const table of this.byKey.values()) table.clear();
    });
  }

  /** The table of `key`: always the same map (a clear empties it in place), so it may be held. */
  of(key: string): Map<string, V> {
    let table = this.byKey.get(key);
    if (!table) this.byKey.set(key, (table = new Map()));
    return table;
  }
}
