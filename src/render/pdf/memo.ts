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

const tables: Map<string, unknown>[] = [];
let entries = 0;

/** A new process-wide table, cleared with all the others when they hold too much. */
export function processTable<V>(): Map<string, V> {
  const table = new Map<string, V>();
  tables.push(table as Map<string, unknown>);
  return table;
}

/** Counts one entry added to a process-wide table; clears every table past the bound. */
export function noteEntry(): void {
  if (++entries <= MAX_ENTRIES) return;
  for (const table of tables) table.clear();
  entries = 0;
}

/**
 * Tables per key (a font's key, a font chain's key), made on first use and
 * cleared with the others.
 */
export class KeyedTables<V> {
  private readonly byKey = new Map<string, Map<string, V>>();

  constructor() {
    tables.push(this.byKey as Map<string, unknown>);
  }

  /** The table of `key`. Hold it only for one document: a clear drops it from here. */
  of(key: string): Map<string, V> {
    let table = this.byKey.get(key);
    if (!table) this.byKey.set(key, (table = new Map()));
    return table;
  }
}
