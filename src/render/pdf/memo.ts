/**
 * Tables kept per process for values that depend only on a font's bytes (or
 * a chain of fonts) and a text: widths, coverage runs, word shapes (with and
 * without their space). A batch sets the same words in document after
 * document; keeping these per document made every document measure and cut
 * its words again.
 *
 * The tables are bounded together, in two generations: entries go into the
 * recent one, and once the recent generations of all tables hold half the
 * bound, each table's recent generation becomes its older one and the older
 * one is dropped. A lookup that finds its entry only in the older generation
 * moves it back into the recent one, so the words a batch keeps setting stay
 * while one-off words age out. An entry costs ~270 bytes (a word shape's
 * arrays: its glyph and position objects are shared, see shaping.ts); the
 * bound keeps the tables under ~4.5 MB a process, which also keeps a
 * worker's heap from creeping up over a long batch. Dropping entries changes
 * nothing but speed.
 */

/** How many entries the tables may hold together, both generations. */
export const MAX_PROCESS_ENTRIES = 16_000;

const tables: MemoTable<unknown>[] = [];
/** Entries set in the recent generations since they last aged. */
let recentEntries = 0;

/** A process-wide table of values by text (see the module's comment). */
export class MemoTable<V> {
  private recent = new Map<string, V>();
  private older = new Map<string, V>();

  constructor() {
    tables.push(this);
  }

  get(key: string): V | undefined {
    const value = this.recent.get(key);
    if (value !== undefined) return value;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    this.recent.set(key, value);
    if (++recentEntries > MAX_PROCESS_ENTRIES / 2) ageTables();
  }

  /** The recent generation becomes the older one; the older one is dropped. */
  age(): void {
    this.older = this.recent;
    this.recent = new Map();
  }

  clear(): void {
    this.recent.clear();
    this.older.clear();
  }
}

function ageTables(): void {
  for (const table of tables) table.age();
  recentEntries = 0;
}

/** Empties every process-wide table (for tests: what aging twice does). */
export function clearProcessTables(): void {
  for (const table of tables) table.clear();
  recentEntries = 0;
}

/**
 * Tables per key (a font's key, a font chain's key), made on first use and
 * bounded with the others. The keys are few (the fonts and chains a process
 * meets), so a table, once made, is kept.
 */
export class KeyedTables<V> {
  private readonly byKey = new Map<string, MemoTable<V>>();

  /** The table of `key`: always the same one, so it may be held. */
  of(key: string): MemoTable<V> {
    let table = this.byKey.get(key);
    if (!table) this.byKey.set(key, (table = new MemoTable<V>()));
    return table;
  }
}
