/**
 * Values kept under keys, each key's values most recently used first, and
 * the keys least recently used first (a Map keeps its insertion order): the
 * small per-process caches of the OOXML writers (packed parts, texts packed
 * once, part edits), where a key is a part's name and its values the few
 * texts that part comes with in a batch.
 */
export class RecentLists<V> {
  private readonly lists = new Map<string, V[]>();

  constructor(
    /** Values kept per key: adding one more drops the least recently used. */
    private readonly perKey: number,
    /** Keys kept: a new one past this drops the least recently used key. */
    private readonly maxKeys = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * The first value under `key` that `match` accepts, moved to the front of
   * its list (or taken out of it, with `take`), its key then the most
   * recently used; undefined, changing nothing, when there is none.
   */
  find(key: string, match: (value: V) => boolean, take = false): V | undefined {
    const list = this.lists.get(key);
    const index = list ? list.findIndex(match) : -1;
    if (!list || index === -1) return undefined;
    const [value] = list.splice(index, 1);
    if (!take) list.unshift(value!);
    this.touch(key, list);
    return value;
  }

  /** Puts `value` first under `key` (its key then the most recently used); returns the value that fell off the end, if one did. */
  add(key: string, value: V): V | undefined {
    let list = this.lists.get(key);
    if (list === undefined) {
      list = [];
      if (this.lists.size >= this.maxKeys) this.dropOldest();
    }
    this.touch(key, list);
    list.unshift(value);
    return list.length > this.perKey ? list.pop() : undefined;
  }

  /** Removes the least recently used key, returning its values (undefined when there are no keys). */
  dropOldest(): V[] | undefined {
    const oldest = this.lists.keys().next();
    if (oldest.done) return undefined;
    const list = this.lists.get(oldest.value)!;
    this.lists.delete(oldest.value);
    return list;
  }

  clear(): void {
    this.lists.clear();
  }

  private touch(key: string, list: V[]): void {
    this.lists.delete(key);
    this.lists.set(key, list);
  }
}
