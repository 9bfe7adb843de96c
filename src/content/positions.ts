/** A 1-based line and column in a content file. */
export interface SourcePoint {
  line: number;
  column: number;
}

/**
 * Where each field of an item was written: the value's position and, for
 * mapping entries, the key's position. Keyed by field path (`a[1].b`; the
 * root is `''`).
 */
export interface FieldPositions {
  value: Map<string, SourcePoint>;
  key: Map<string, SourcePoint>;
  /**
   * For string values: the position of the first character of the string's
   * content and whether following lines keep their column (block scalars and
   * Markdown bodies) — used to place faults found inside Markdown fields.
   */
  text: Map<string, { start: SourcePoint; block: boolean }>;
}

/** Makes an empty position map. */
export function emptyPositions(): FieldPositions {
  return { value: new Map(), key: new Map(), text: new Map() };
}

/** Joins a parent field path and a key or index into `a[1].b` notation. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return parent === '' ? safe : `${parent}.${safe}`;
}

/**
 * The best position for a fault at `path`: the value, else the key, else the
 * nearest ancestor's value.
 */
export function locate(positions: FieldPositions, path: string, preferKey = false): SourcePoint | undefined {
  let current: string | undefined = path;
  while (current !== undefined) {
    const found = preferKey
      ? positions.key.get(current) ?? positions.value.get(current)
      : positions.value.get(current) ?? positions.key.get(current);
    if (found) return found;
    current = parentPath(current);
  }
  return undefined;
}

/** The parent of a field path, or undefined for the root. */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const match = /^(.*?)(\[\d+\]|\.?(?:[A-Za-z_$][\w$-]*|"(?:[^"\\]|\\.)*"))$/.exec(path);
  return match ? match[1] ?? '' : '';
}
