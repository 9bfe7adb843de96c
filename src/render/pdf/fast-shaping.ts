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
  codePoint: number;
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
}

// The features fontkit's default shaper applies to every glyph (the
// fraction features apply only around U+2044, which never takes this path).
const FEATURES = ['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'];

// Characters that are each their own glyph before substitution: letters,
// digits, punctuation and symbols of the Latin, Greek and Cyrillic blocks and
// general punctuation, without combining marks, invisible characters,
// variation selectors or U+2044 FRACTION SLASH.
const SIMPLE_RANGES: readonly [number, number][] = [
  [0x20, 0x7e], [0xa0, 0xac], [0xae, 0x2ff], [0x370, 0x482], [0x48a, 0x52f], [0x1e00, 0x1fff],
  [0x2010, 0x2027], [0x2030, 0x2043], [0x2045, 0x205f], [0x20a0, 0x20c0], [0x2100, 0x214f],
];
const hex4 = (cp: number): string => `\\u${cp.toString(16).padStart(4, '0')}`;
const SIMPLE_WORD = new RegExp(`^[${SIMPLE_RANGES.map(([a, b]) => `${hex4(a)}-${hex4(b)}`).join('')}]+$`);
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

function coverageIndex(coverage: Coverage, glyph: number): number {
  if (coverage.version === 1) return coverage.glyphs?.indexOf(glyph) ?? -1;
  if (coverage.version === 2) {
    for (const range of coverage.rangeRecords ?? []) if (range.start <= glyph && glyph <= range.end) return range.startCoverageIndex + glyph - range.start;
  }
  return -1;
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

/**
 * Marks the first glyphs of ligatures whose other components can all occur
 * in a fast word: "fi" blocks f; "a" + combining grave does not block a.
 */
function ligatureTriggers(into: Uint8Array, table: Record<string, unknown>, reachable: Uint8Array): void {
  const coverage = table.coverage as Coverage;
  const sets = table.ligatureSets as Lazy<Iterable<{ components: number[] }>>;
  const firsts: number[] = coverage.version === 1 ? [...(coverage.glyphs ?? [])] : (coverage.rangeRecords ?? []).flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i));
  for (const first of firsts) {
    const index = coverageIndex(coverage, first);
    if (index < 0) continue;
    for (const ligature of sets.get(index)) {
      if (ligature.components.every((c) => reachable[c] === 1)) {
        into[first] = 1;
        break;
      }
    }
  }
}

function unwrap(lookupType: number, extensionType: number, table: Record<string, unknown>): [number, Record<string, unknown>] {
  if (lookupType === extensionType && table.extension) return [table.lookupType as number, table.extension as Record<string, unknown>];
  return [lookupType, table];
}

/** What one script gets from a font: glyphs that must go to fontkit, and the pair lookups in order. */
interface ScriptPlan {
  blocked: Uint8Array;
  pairs: PairSubtable[][];
  /** Summed pair adjustments by first × 0x10000 + second glyph: the lookups differ by script. */
  kerning: Map<number, ValueRecord>;
}

/** A fast shaper for one font, or `undefined` when its tables are beyond it. */
export class FastShaper {
  private readonly plans = new Map<string, ScriptPlan | null>();
  private readonly glyphs = new Map<number, { id: number; advance: number; ok: boolean }>();

  constructor(
    private readonly font: FastFont,
    private readonly gsub: LookupSelector | undefined,
    private readonly gpos: LookupSelector | undefined,
  ) {}

  /** The glyphs and placements of `word`, or `undefined` when fontkit must shape it. */
  shape(word: string): FastGlyph[] | undefined {
    if (!SIMPLE_WORD.test(word)) return undefined;
    // fontkit's script of a word: that of its first character of a script other than Common.
    let script: string | undefined;
    for (let i = 0; i < word.length; i++) {
      const kind = scriptOf(word.charCodeAt(i));
      if (kind === OTHER) return undefined;
      if (kind !== COMMON_SCRIPT) script ??= kind;
    }
    script ??= 'zzzz';
    const plan = this.planFor(script);
    if (!plan) return undefined;
    const out: FastGlyph[] = [];
    for (let i = 0; i < word.length; i++) {
      const cp = word.charCodeAt(i);
      let glyph = this.glyphs.get(cp);
      if (!glyph) {
        const g = this.font.glyphForCodePoint(cp);
        // Marks and ligatures (by GDEF class) change how lookups skip glyphs: leave them to fontkit.
        const gdefClass = classOf(this.font.GDEF?.glyphClassDef, g.id);
        glyph = { id: g.id, advance: g.advanceWidth, ok: gdefClass !== 2 && gdefClass !== 3 };
        this.glyphs.set(cp, glyph);
      }
      if (!glyph.ok || plan.blocked[glyph.id] === 1) return undefined;
      out.push({ id: glyph.id, codePoint: cp, advance: glyph.advance, xAdvance: glyph.advance, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    for (let i = 0; i + 1 < out.length; i++) {
      const adjust = this.pairValue(plan, out[i]!.id, out[i + 1]!.id);
      const g = out[i]!;
      g.xAdvance += adjust.xAdvance ?? 0;
      g.yAdvance += adjust.yAdvance ?? 0;
      g.xOffset += adjust.xPlacement ?? 0;
      g.yOffset += adjust.yPlacement ?? 0;
    }
    return out;
  }

  private pairValue(plan: ScriptPlan, first: number, second: number): ValueRecord {
    const key = first * 0x10000 + second;
    let sum = plan.kerning.get(key);
    if (sum) return sum;
    sum = {};
    const add = (v: ValueRecord): void => {
      for (const k of ['xAdvance', 'yAdvance', 'xPlacement', 'yPlacement'] as const) if (v[k] !== undefined && v[k] !== null) sum![k] = (sum![k] ?? 0) + v[k]!;
    };
    for (const subtables of plan.pairs) {
      for (const table of subtables) {
        const index = coverageIndex(table.coverage, first);
        if (index === -1) continue;
        if (table.version === 1) {
          let found = false;
          for (const pair of table.pairSets!.get(index)) {
            if (pair.secondGlyph === second) {
              add(pair.value1);
              found = true;
              break;
            }
          }
          if (found) break;
          continue;
        }
        add(table.classRecords!.get(classOf(table.classDef1, first)).get(classOf(table.classDef2, second)).value1);
        break;
      }
    }
    plan.kerning.set(key, sum);
    return sum;
  }

  private planFor(script: string): ScriptPlan | undefined {
    const known = this.plans.get(script);
    if (known !== undefined) return known ?? undefined;
    const plan = this.makePlan(script);
    this.plans.set(script, plan);
    return plan ?? undefined;
  }

  private makePlan(script: string): ScriptPlan | null {
    const { gsub, gpos } = this;
    // Without GPOS kerning fontkit falls back to the legacy kern table and to
    // mark positioning by Unicode properties: not modelled here.
    if (!gpos) return null;
    const blocked = new Uint8Array(this.font.numGlyphs + 1);
    // The glyphs a fast word can contain: those of the characters it may use.
    const reachable = new Uint8Array(this.font.numGlyphs + 1);
    for (const [from, to] of SIMPLE_RANGES) for (let cp = from; cp <= to; cp++) reachable[this.font.glyphForCodePoint(cp).id] = 1;
    if (gsub) {
      gsub.selectScript(script, undefined, 'ltr');
      for (const { lookup } of gsub.lookupsForFeatures(FEATURES)) {
        for (const sub of lookup.subTables) {
          const [type, table] = unwrap(lookup.lookupType, 7, sub);
          // Single, multiple, alternate and reverse substitution act at any glyph they cover.
          if (type === 1 || type === 2 || type === 3 || type === 8) markCoverage(blocked, table.coverage);
          else if (type === 4) ligatureTriggers(blocked, table, reachable);
          else if (type === 5 || type === 6) contextTriggers(blocked, table, reachable);
          else return null;
        }
      }
    }
    gpos.selectScript(script, undefined, 'ltr');
    if (!('kern' in gpos.features) && this.font.directory.tables.kern) return null;
    const pairs: PairSubtable[][] = [];
    for (const { lookup } of gpos.lookupsForFeatures(FEATURES)) {
      const tables = [...lookup.subTables].map((sub) => unwrap(lookup.lookupType, 9, sub));
      if (tables.every(([type]) => type === 2)) {
        if (lookup.flags.flags.ignoreBaseGlyphs) return null;
        const subtables = tables.map(([, t]) => t as unknown as PairSubtable);
        if (subtables.some((t) => Object.values(t.valueFormat2 ?? {}).some(Boolean))) return null;
        pairs.push(subtables);
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
    return { blocked, pairs, kerning: new Map() };
  }
}
