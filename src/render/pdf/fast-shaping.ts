/**
 * Shaping without fontkit's layout engine for the common case: a word of
 * Latin, Greek or Cyrillic letters, digits and punctuation that no glyph
 * substitution and no contextual or mark positioning touches. Such a word's
 * glyphs are its characters' glyphs from the character map, and its
 * positions are the advances plus pair kerning, read from the same GPOS pair
 * tables fontkit would apply, with the same rules (first matching subtable of
 * each lookup, the first glyph's value). Anything else — or a font whose
 * tables this cannot vouch for — is left to fontkit (`undefined`).
 *
 * Exactness is tested against fontkit's own layout (test/render/pdf.test.ts).
 */

/** What the fast path produces for one glyph: id, characters, advance and placement adjustments. */
export interface FastGlyph {
  id: number;
  codePoints: number[];
  advance: number;
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface Coverage {
  version: number;
  glyphs?: number[];
  rangeRecords?: { start: number; end: number; startCoverageIndex: number }[];
}
interface ClassDef {
  version: number;
  startGlyph?: number;
  classValueArray?: number[];
  classRangeRecord?: { start: number; end: number; class: number }[];
}
interface ValueRecord {
  xAdvance?: number;
  yAdvance?: number;
  xPlacement?: number;
  yPlacement?: number;
}
interface Lazy<T> {
  get(index: number): T;
  length: number;
}
interface PairSubtable {
  version: number;
  coverage: Coverage;
  valueFormat2: Record<string, boolean>;
  pairSets?: Lazy<Iterable<{ secondGlyph: number; value1: ValueRecord }>>;
  classDef1?: ClassDef;
  classDef2?: ClassDef;
  classRecords?: Lazy<Lazy<{ value1: ValueRecord }>>;
}
interface Lookup {
  lookupType: number;
  flags: { flags: Record<string, boolean> };
  subTables: Iterable<Record<string, unknown>>;
}
/** The part of fontkit's GSUB/GPOS processor used to learn which lookups a script gets. */
export interface LookupSelector {
  features: Record<string, unknown>;
  selectScript(script: string, language: undefined, direction: string): unknown;
  lookupsForFeatures(features: string[]): { lookup: Lookup }[];
}
/** The part of a parsed fontkit font used here. */
export interface FastFont {
  numGlyphs: number;
  GDEF?: { glyphClassDef?: ClassDef };
  directory: { tables: Record<string, unknown> };
  glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number };
  getGlyph(id: number): { advanceWidth: number };
}

// The features fontkit's default shaper applies to every glyph (the
// fraction features apply only around U+2044, which never takes this path).
const FEATURES = ['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'];

/**
 * Characters of the Basic Multilingual Plane that are always a grapheme
 * cluster of their own and never default-ignorable: Latin, Greek and
 * Cyrillic letters (no combining marks), general punctuation without the
 * invisible and bidi controls, currency and letterlike symbols. The font book
 * puts text of only these in one run without segmenting it; the fast shaper
 * takes words of only these, U+2044 FRACTION SLASH excepted (fontkit forms
 * fractions around it).
 */
const CLUSTER_RANGES: readonly [number, number][] = [
  [0x20, 0x7e], [0xa0, 0xac], [0xae, 0x2ff], [0x370, 0x482], [0x48a, 0x52f], [0x1e00, 0x1fff],
  [0x2010, 0x2027], [0x202f, 0x205f], [0x20a0, 0x20c0], [0x2100, 0x214f],
];
const hex4 = (cp: number): string => `\\u${cp.toString(16).padStart(4, '0')}`;
/** Text made only of such characters (or empty). */
export const CLUSTER_TEXT = new RegExp(`^[${CLUSTER_RANGES.map(([a, b]) => `${hex4(a)}-${hex4(b)}`).join('')}]*$`);
const FRACTION_SLASH = 0x2044;
const SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Latin}/u, 'latn'],
  [/\p{Script=Cyrillic}/u, 'cyrl'],
  [/\p{Script=Greek}/u, 'grek'],
];
const COMMON = /\p{Script=Common}/u;
const COMMON_SCRIPT = 'zyyy';
const OTHER = '';
// The script of each BMP character, classified on first sight.
const scriptCache = new Map<number, string>();
function scriptOf(cp: number): string {
  let kind = scriptCache.get(cp);
  if (kind === undefined) {
    const ch = String.fromCharCode(cp);
    kind = SCRIPTS.find(([re]) => re.test(ch))?.[1] ?? (COMMON.test(ch) ? COMMON_SCRIPT : OTHER);
    scriptCache.set(cp, kind);
  }
  return kind;
}

function classOf(classDef: ClassDef | undefined, glyph: number): number {
  if (!classDef) return 0;
  if (classDef.version === 1) {
    const i = glyph - (classDef.startGlyph ?? 0);
    const values = classDef.classValueArray ?? [];
    if (i >= 0 && i < values.length) return values[i]!;
  } else if (classDef.version === 2) {
    for (const range of classDef.classRangeRecord ?? []) if (range.start <= glyph && glyph <= range.end) return range.class;
  }
  return 0;
}

function markCoverage(into: Uint8Array, coverage: unknown): void {
  const c = coverage as Coverage | undefined;
  if (!c) return;
  if (c.version === 1) for (const g of c.glyphs ?? []) into[g] = 1;
  else if (c.version === 2) for (const r of c.rangeRecords ?? []) into.fill(1, r.start, r.end + 1);
}

/**
 * Marks the glyphs at which a contextual subtable can start to match: its
 * coverage (formats 1 and 2) or the coverage of its first input glyph
 * (format 3); backtrack and lookahead context only matter once that matched.
 */
function contextTriggers(into: Uint8Array, table: Record<string, unknown>, reachable: Uint8Array): void {
  if (table.coverage) {
    markCoverage(into, table.coverage);
    return;
  }
  const input = (table.inputCoverage ?? table.coverages) as Coverage[] | undefined;
  if (!input?.[0]) throw new Error('unknown contextual subtable');
  // A rule that needs, at some position, a glyph no fast word has (ccmp's
  // "i before a combining accent") cannot match in a fast word.
  const context = [...((table.backtrackCoverage as Coverage[] | undefined) ?? []), ...input.slice(1), ...((table.lookaheadCoverage as Coverage[] | undefined) ?? [])];
  const unreachable = (c: Coverage): boolean => (c.version === 1 ? (c.glyphs ?? []).every((g) => reachable[g] !== 1) : (c.rangeRecords ?? []).every((r) => reachable.subarray(r.start, r.end + 1).every((v) => v !== 1)));
  if (context.some(unreachable)) return;
  markCoverage(into, input[0]);
}

/** A ligature: the glyphs after the first that it takes, and the glyph it makes. */
type Ligature = [number[], number];

/**
 * The ligatures of a subtable whose components a fast word can hold, by
 * first glyph, in the subtable's order (fontkit forms the first that matches).
 */
function reachableLigatures(into: Map<number, Ligature[]>, table: Record<string, unknown>, reachable: Uint8Array): void {
  const coverage = table.coverage as Coverage;
  const sets = table.ligatureSets as Lazy<Iterable<{ glyph: number; components: number[] }>>;
  coverageGlyphs(coverage).forEach((first, index) => {
    const list: Ligature[] = [];
    for (const ligature of sets.get(index)) list.push([[...ligature.components], ligature.glyph]);
    // Only sets whose every ligature a fast word could form or never form matter.
    const relevant = list.filter(([components]) => components.every((c) => reachable[c] === 1));
    if (relevant.length === 0) return;
    // Keep the whole set in order: an unreachable ligature can never match, so dropping it keeps the order of the rest.
    into.set(first, [...(into.get(first) ?? []), ...relevant]);
  });
}

/** A coverage table's glyphs in coverage-index order. */
function coverageGlyphs(coverage: Coverage): number[] {
  if (coverage.version === 1) return [...(coverage.glyphs ?? [])];
  const out: number[] = [];
  for (const r of coverage.rangeRecords ?? []) for (let g = r.start; g <= r.end; g++) out[r.startCoverageIndex + g - r.start] = g;
  return out;
}

/** A class definition as runs [first glyph, last glyph, class] (class 0 elsewhere). */
function classRuns(classDef: ClassDef | undefined): [number, number, number][] {
  if (!classDef) return [];
  if (classDef.version === 2) return (classDef.classRangeRecord ?? []).map((r) => [r.start, r.end, r.class]);
  const runs: [number, number, number][] = [];
  (classDef.classValueArray ?? []).forEach((value, i) => {
    const glyph = (classDef.startGlyph ?? 0) + i;
    const last = runs[runs.length - 1];
    if (last && last[1] === glyph - 1 && last[2] === value) last[1] = glyph;
    else if (value !== 0) runs.push([glyph, glyph, value]);
  });
  return runs;
}

function unwrap(lookupType: number, extensionType: number, table: Record<string, unknown>): [number, Record<string, unknown>] {
  if (lookupType === extensionType && table.extension) return [table.lookupType as number, table.extension as Record<string, unknown>];
  return [lookupType, table];
}

/** A pair adjustment: x advance, y advance, x placement, y placement (font units). */
type Adjust = [number, number, number, number];

const adjustOf = (v: ValueRecord | undefined): Adjust => [v?.xAdvance ?? 0, v?.yAdvance ?? 0, v?.xPlacement ?? 0, v?.yPlacement ?? 0];
const isZero = (a: Adjust): boolean => a[0] === 0 && a[1] === 0 && a[2] === 0 && a[3] === 0;

/** One pair-positioning subtable as plain data. */
export type PairData =
  | { format: 1; coverage: number[]; sets: [number, Adjust][][] }
  | { format: 2; coverage: [number, number][]; class1: [number, number, number][]; class2: [number, number, number][]; records: (Adjust | 0)[][] };

/**
 * What one script gets from a font, as plain data (JSON): the glyphs at
 * which a substitution or a non-pair positioning can act, the ligatures a
 * fast word could form, and the pair-kerning lookups in order (each its
 * subtables, the first that applies winning).
 */
export interface PlanData {
  blocked: number[];
  ligatures: [number, Ligature[]][];
  /**
   * Whether the fast path forms those ligatures itself: not when lookups
   * share their glyphs, or a kerning lookup skips ligatures; then a word in
   * which one would form goes to fontkit.
   */
  formLigatures: boolean;
  pairs: PairData[][];
}

/** The worked-out plans of one font: by script tag; `null` where the fast path does not apply. */
export type FontPlans = Record<string, PlanData | null>;

/**
 * A plan as the build's tables store it and the shaper compiles it: the pair
 * tables packed into one base64 string of 32-bit integers (see packPairs).
 * As plain JSON arrays, a face's pair tables were ~600 kB of small arrays on
 * the heap of every process that set a fact sheet, for the garbage collector
 * to copy; packed, they are one string, and compile into typed arrays.
 */
export interface PackedPlan {
  blocked: number[];
  ligatures: [number, Ligature[]][];
  formLigatures: boolean;
  /**
   * The packed integers as base64 (in the tables' file); replaced by the
   * integers themselves when first compiled, so the string (~120 kB a face)
   * does not stay on the heap for the rest of the process.
   */
  pairs: string | Int32Array;
}

/** The packed plans of one font, by script tag. */
export type PackedPlans = Record<string, PackedPlan | null>;

/**
 * The pair tables as 32-bit integers: the number of lookups, then each lookup's
 * number of subtables and each subtable —
 * format 1: 1, n, the n covered glyphs, the n set lengths, then each set's
 * pairs as second glyph and the four adjustments;
 * format 2: 2, the number of coverage runs and each run's first and last
 * glyph, the class runs of the first and second glyphs (a count, then first,
 * last, class each), the rows and columns of the records, and the number of
 * non-zero records with each one's row, column and four adjustments.
 */
function packPairs(pairs: PairData[][]): Int32Array {
  const out: number[] = [pairs.length];
  const runs = (list: [number, number, number][]): void => {
    out.push(list.length);
    for (const run of list) out.push(...run);
  };
  for (const lookup of pairs) {
    out.push(lookup.length);
    for (const table of lookup) {
      if (table.format === 1) {
        out.push(1, table.coverage.length, ...table.coverage, ...table.sets.map((set) => set.length));
        for (const set of table.sets) for (const [second, adjust] of set) out.push(second, ...adjust);
        continue;
      }
      out.push(2, table.coverage.length);
      for (const [from, to] of table.coverage) out.push(from, to);
      runs(table.class1);
      runs(table.class2);
      const columns = Math.max(0, ...table.records.map((row) => row.length));
      const cells: number[] = [];
      table.records.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (cell !== 0) cells.push(r, c, ...cell);
        }),
      );
      out.push(table.records.length, columns, cells.length / 6, ...cells);
    }
  }
  return Int32Array.from(out);
}

/** A plan packed for the build's tables (see PackedPlan); with `inMemory`, its pairs as the integers themselves (a plan worked out at run time). */
export function packPlan(plan: PlanData, inMemory = false): PackedPlan {
  const words = packPairs(plan.pairs);
  const packed = { blocked: plan.blocked, ligatures: plan.ligatures, formLigatures: plan.formLigatures };
  if (inMemory) return { ...packed, pairs: words };
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => view.setInt32(i * 4, word, true));
  return { ...packed, pairs: Buffer.from(bytes).toString('base64') };
}

/** The integers of packed pair tables (little-endian in the string). */
function unpackWords(base64: string): Int32Array {
  const bytes = Buffer.from(base64, 'base64');
  const count = bytes.length >>> 2;
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] === 1) return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 4));
  const words = new Int32Array(count);
  for (let i = 0; i < count; i++) words[i] = bytes.readInt32LE(i * 4);
  return words;
}

/** The scripts the fast path takes (fontkit's tags; zzzz for a word of common characters only). */
export const FAST_SCRIPTS = ['latn', 'cyrl', 'grek', 'zzzz'] as const;

/** Works out a script's plan from the font's GSUB, GPOS and GDEF tables; `null` when the fast path cannot vouch for it. */
export function computePlan(font: FastFont, gsub: LookupSelector | undefined, gpos: LookupSelector | undefined, script: string): PlanData | null {
  // Without GPOS kerning fontkit falls back to the legacy kern table and to
  // mark positioning by Unicode properties: not modelled here.
  if (!gpos) return null;
  const blocked = new Uint8Array(font.numGlyphs + 1);
  // The glyphs a fast word can contain: those of the characters it may use.
  const reachable = new Uint8Array(font.numGlyphs + 1);
  for (const [from, to] of CLUSTER_RANGES) for (let cp = from; cp <= to; cp++) if (cp !== FRACTION_SLASH) reachable[font.glyphForCodePoint(cp).id] = 1;
  // Marks and ligatures (by GDEF class) change how lookups skip glyphs: leave them to fontkit.
  reachable.forEach((r, g) => {
    const gdefClass = r === 1 ? classOf(font.GDEF?.glyphClassDef, g) : 0;
    if (gdefClass === 2 || gdefClass === 3) blocked[g] = 1;
  });
  const ligatures = new Map<number, Ligature[]>();
  let ligaturesInteract = false;
  if (gsub) {
    gsub.selectScript(script, undefined, 'ltr');
    const lookups = gsub.lookupsForFeatures(FEATURES);
    // First the ligatures a fast word can form: their glyphs can then occur
    // too. Lookups that share a glyph (as first, component or result) would
    // interact in lookup order, which one pass over the word does not model.
    const owner = new Map<number, number>();
    lookups.forEach(({ lookup }, index) => {
      const mine = new Map<number, Ligature[]>();
      for (const sub of lookup.subTables) {
        const [type, table] = unwrap(lookup.lookupType, 7, sub);
        if (type === 4) reachableLigatures(mine, table, reachable);
      }
      for (const [first, list] of mine) {
        ligatures.set(first, [...(ligatures.get(first) ?? []), ...list]);
        for (const g of [first, ...list.flatMap(([components, made]) => [...components, made])]) {
          if ((owner.get(g) ?? index) !== index) ligaturesInteract = true;
          owner.set(g, index);
        }
      }
    });
    for (const list of ligatures.values()) for (const [, made] of list) reachable[made] = 1;
    for (const { lookup } of lookups) {
      for (const sub of lookup.subTables) {
        const [type, table] = unwrap(lookup.lookupType, 7, sub);
        // Single, multiple, alternate and reverse substitution act at any glyph they cover.
        if (type === 1 || type === 2 || type === 3 || type === 8) markCoverage(blocked, table.coverage);
        else if (type === 5 || type === 6) contextTriggers(blocked, table, reachable);
        else if (type !== 4) return null;
      }
    }
  }
  let pairsSkipLigatures = false;
  gpos.selectScript(script, undefined, 'ltr');
  if (!('kern' in gpos.features) && font.directory.tables.kern) return null;
  const pairs: PairData[][] = [];
  for (const { lookup } of gpos.lookupsForFeatures(FEATURES)) {
    const tables = [...lookup.subTables].map((sub) => unwrap(lookup.lookupType, 9, sub));
    if (tables.every(([type]) => type === 2)) {
      if (lookup.flags.flags.ignoreBaseGlyphs) return null;
      if (lookup.flags.flags.ignoreLigatures) pairsSkipLigatures = true;
      const subtables = tables.map(([, t]) => t as unknown as PairSubtable);
      if (subtables.some((t) => Object.values(t.valueFormat2 ?? {}).some(Boolean))) return null;
      pairs.push(subtables.map(pairData));
      continue;
    }
    for (const [type, table] of tables) {
      // Mark attachment applies at mark glyphs only; single and cursive
      // positioning at any glyph they cover; contextual at their triggers.
      if (type === 4 || type === 5) markCoverage(blocked, table.markCoverage);
      else if (type === 6) markCoverage(blocked, table.mark1Coverage);
      else if (type === 1 || type === 3) markCoverage(blocked, table.coverage);
      else if (type === 7 || type === 8) contextTriggers(blocked, table, reachable);
      else return null;
    }
  }
  const list: number[] = [];
  blocked.forEach((b, g) => {
    if (b === 1) list.push(g);
  });
  return { blocked: list, ligatures: [...ligatures].sort((a, b) => a[0] - b[0]), formLigatures: !ligaturesInteract && !pairsSkipLigatures, pairs };
}

function pairData(table: PairSubtable): PairData {
  if (table.version === 1) {
    const coverage = coverageGlyphs(table.coverage);
    return { format: 1, coverage, sets: coverage.map((_, i) => [...table.pairSets!.get(i)].map((p): [number, Adjust] => [p.secondGlyph, adjustOf(p.value1)])) };
  }
  const glyphs = coverageGlyphs(table.coverage).sort((a, b) => a - b);
  const coverage: [number, number][] = [];
  for (const g of glyphs) {
    const last = coverage[coverage.length - 1];
    if (last && last[1] === g - 1) last[1] = g;
    else coverage.push([g, g]);
  }
  const classes1 = table.classRecords!.length;
  const records: (Adjust | 0)[][] = [];
  for (let c1 = 0; c1 < classes1; c1++) {
    const row = table.classRecords!.get(c1);
    const values: (Adjust | 0)[] = [];
    for (let c2 = 0; c2 < row.length; c2++) {
      const a = adjustOf(row.get(c2).value1);
      values.push(isZero(a) ? 0 : a);
    }
    records.push(values);
  }
  return { format: 2, coverage, class1: classRuns(table.classDef1), class2: classRuns(table.classDef2), records };
}

/** A pair subtable ready for lookups. */
type PairTable =
  | { format: 1; sets: PairSets }
  | { format: 2; covered: Uint8Array; class1: Uint16Array; class2: Uint16Array; rows: number; columns: number; records: Int16Array };

/**
 * A format 1 pair table's sets by first glyph, each made into a map on its
 * first lookup: a font covers hundreds of first glyphs, and making them all
 * up front was most of a cold start's plan compiling, for the few dozen a
 * batch's text uses.
 */
class PairSets {
  private readonly made = new Map<number, Map<number, Adjust>>();
  /** Where each first glyph's set starts and ends in `words`: fontkit takes the first set for a first glyph. */
  private readonly index = new Map<number, [number, number]>();

  /** `words` holds the pairs of all sets, five integers each: second glyph and adjustments. */
  constructor(private readonly words: Int32Array) {}

  static of(coverage: ArrayLike<number>, lengths: ArrayLike<number>, words: Int32Array, start: number): PairSets {
    const table = new PairSets(words);
    let at = start;
    for (let i = 0; i < coverage.length; i++) {
      const end = at + lengths[i]! * 5;
      if (!table.index.has(coverage[i]!)) table.index.set(coverage[i]!, [at, end]);
      at = end;
    }
    return table;
  }

  get(first: number): Map<number, Adjust> | undefined {
    let set = this.made.get(first);
    if (set) return set;
    const range = this.index.get(first);
    if (range === undefined) return undefined;
    // fontkit takes the first record for a second glyph.
    set = new Map<number, Adjust>();
    const w = this.words;
    for (let at = range[0]; at < range[1]; at += 5) if (!set.has(w[at]!)) set.set(w[at]!, [w[at + 1]!, w[at + 2]!, w[at + 3]!, w[at + 4]!]);
    this.made.set(first, set);
    return set;
  }
}

/** A script's plan ready for lookups. */
interface ScriptPlan {
  blocked: Uint8Array;
  ligatures: Map<number, Ligature[]>;
  formLigatures: boolean;
  pairs: PairTable[][];
  /** Summed pair adjustments by first × 0x10000 + second glyph: the lookups differ by script. */
  kerning: Map<number, Adjust>;
}

function compile(data: PackedPlan, glyphCount: number): ScriptPlan {
  const blocked = new Uint8Array(glyphCount + 1);
  for (const g of data.blocked) blocked[g] = 1;
  let w: Int32Array;
  if (typeof data.pairs === 'string') {
    w = unpackWords(data.pairs);
    data.pairs = w;
  } else w = data.pairs;
  let at = 0;
  // Plain index loops: a cold process runs this unoptimised.
  const classes = (): Uint16Array => {
    const out = new Uint16Array(glyphCount + 1);
    const count = w[at++]!;
    for (let i = 0; i < count; i++, at += 3) out.fill(w[at + 2]!, w[at]!, Math.min(w[at + 1]!, glyphCount) + 1);
    return out;
  };
  const pairs: PairTable[][] = [];
  const lookups = w[at++]!;
  for (let l = 0; l < lookups; l++) {
    const lookup: PairTable[] = [];
    const subtables = w[at++]!;
    for (let t = 0; t < subtables; t++) {
      const format = w[at++]!;
      if (format === 1) {
        const n = w[at++]!;
        const coverage = w.subarray(at, at + n);
        const lengths = w.subarray(at + n, at + 2 * n);
        at += 2 * n;
        const sets = PairSets.of(coverage, lengths, w, at);
        for (let i = 0; i < n; i++) at += lengths[i]! * 5;
        lookup.push({ format: 1, sets });
        continue;
      }
      const covered = new Uint8Array(glyphCount + 1);
      const runs = w[at++]!;
      for (let i = 0; i < runs; i++, at += 2) covered.fill(1, w[at]!, Math.min(w[at + 1]!, glyphCount) + 1);
      const class1 = classes();
      const class2 = classes();
      const rows = w[at++]!;
      const columns = w[at++]!;
      const records = new Int16Array(rows * columns * 4);
      const cells = w[at++]!;
      for (let i = 0; i < cells; i++, at += 6) records.set(w.subarray(at + 2, at + 6), (w[at]! * columns + w[at + 1]!) * 4);
      lookup.push({ format: 2, covered, class1, class2, rows, columns, records });
    }
    pairs.push(lookup);
  }
  return { blocked, ligatures: new Map(data.ligatures), formLigatures: data.formLigatures, pairs, kerning: new Map() };
}

/** A fast shaper for one font; `shape` answers `undefined` for what fontkit must shape. */
export class FastShaper {
  private readonly plans = new Map<string, ScriptPlan | null>();
  /** Plans by their data: scripts that share a plan (Latin and script-less words, say) share one compile and one kerning cache. */
  private readonly compiled = new Map<PackedPlan, ScriptPlan>();
  private readonly glyphs = new Map<number, { id: number; advance: number }>();

  constructor(
    private readonly font: FastFont,
    /** fontkit's parse of the font and its GSUB and GPOS processors (made on first call: making them decodes the tables). */
    private readonly processors: () => { font: FastFont; gsub: LookupSelector | undefined; gpos: LookupSelector | undefined },
    /** Plans worked out ahead (at build time) for these very font bytes. */
    private readonly precomputed?: PackedPlans,
  ) {}

  /** The glyphs and placements of `word`, or `undefined` when fontkit must shape it. */
  shape(word: string): FastGlyph[] | undefined {
    if (word === '' || !CLUSTER_TEXT.test(word) || word.includes(String.fromCharCode(FRACTION_SLASH))) return undefined;
    // fontkit's script of a word: that of its first character of a script other than Common.
    let script: string | undefined;
    for (let i = 0; i < word.length; i++) {
      const kind = scriptOf(word.charCodeAt(i));
      if (kind === OTHER) return undefined;
      if (kind !== COMMON_SCRIPT) script ??= kind;
    }
    const plan = this.planFor(script ?? 'zzzz');
    if (!plan) return undefined;
    const out: FastGlyph[] = [];
    for (let i = 0; i < word.length; i++) {
      const cp = word.charCodeAt(i);
      let glyph = this.glyphs.get(cp);
      if (!glyph) {
        const g = this.font.glyphForCodePoint(cp);
        glyph = { id: g.id, advance: g.advanceWidth };
        this.glyphs.set(cp, glyph);
      }
      if (plan.blocked[glyph.id] === 1) return undefined;
      out.push({ id: glyph.id, codePoints: [cp], advance: glyph.advance, xAdvance: glyph.advance, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    // Ligatures ("fi") as fontkit's ligature lookup forms them: left to
    // right, the first of a glyph's set whose components follow it, then on
    // after the ligature; it stands for all its characters.
    if (plan.ligatures.size > 0) {
      for (let i = 0; i < out.length; i++) {
        const match = plan.ligatures.get(out[i]!.id)?.find(([components]) => components.every((c, k) => out[i + 1 + k]?.id === c));
        if (!match) continue;
        const [components, made] = match;
        if (!plan.formLigatures || plan.blocked[made] === 1) return undefined;
        const advance = this.font.getGlyph(made).advanceWidth;
        const parts = out.splice(i, components.length + 1, { id: made, codePoints: [], advance, xAdvance: advance, yAdvance: 0, xOffset: 0, yOffset: 0 });
        out[i]!.codePoints = parts.flatMap((p) => p.codePoints);
      }
    }
    for (let i = 0; i + 1 < out.length; i++) {
      const adjust = this.pairValue(plan, out[i]!.id, out[i + 1]!.id);
      const g = out[i]!;
      g.xAdvance += adjust[0];
      g.yAdvance += adjust[1];
      g.xOffset += adjust[2];
      g.yOffset += adjust[3];
    }
    return out;
  }

  /** The plan of a script as plain data (for the build-time tables). */
  planData(script: string): PlanData | null {
    const { font, gsub, gpos } = this.processors();
    return computePlan(font, gsub, gpos, script);
  }

  private pairValue(plan: ScriptPlan, first: number, second: number): Adjust {
    const key = first * 0x10000 + second;
    let sum = plan.kerning.get(key);
    if (sum) return sum;
    sum = [0, 0, 0, 0];
    const add = (a: Adjust): void => {
      for (let k = 0; k < 4; k++) sum![k] = sum![k]! + a[k]!;
    };
    for (const subtables of plan.pairs) {
      for (const table of subtables) {
        if (table.format === 1) {
          const set = table.sets.get(first);
          if (!set) continue;
          const value = set.get(second);
          if (value === undefined) continue;
          add(value);
          break;
        }
        if (table.covered[first] !== 1) continue;
        const row = table.class1[first];
        const column = table.class2[second];
        if (row !== undefined && column !== undefined && row < table.rows && column < table.columns) {
          const at = (row * table.columns + column) * 4;
          for (let k = 0; k < 4; k++) sum[k] = sum[k]! + table.records[at + k]!;
        }
        break;
      }
    }
    plan.kerning.set(key, sum);
    return sum;
  }

  private planFor(script: string): ScriptPlan | undefined {
    const known = this.plans.get(script);
    if (known !== undefined) return known ?? undefined;
    const ahead = this.precomputed?.[script];
    let data: PackedPlan | null;
    if (ahead !== undefined) data = ahead;
    else {
      const worked = this.planData(script);
      data = worked && packPlan(worked, true);
    }
    let plan: ScriptPlan | null = null;
    if (data) {
      plan = this.compiled.get(data) ?? compile(data, this.font.numGlyphs);
      this.compiled.set(data, plan);
    }
    this.plans.set(script, plan);
    return plan ?? undefined;
  }
}
