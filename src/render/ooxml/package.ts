/**
 * Makes an Office Open XML package (.docx, .pptx, .xlsx) byte-reproducible:
 * deterministic relationship ids, pinned core-property dates, a fixed entry
 * order and zip entry times that do not depend on the clock or the time zone.
 */
import { strFromU8, unzipSync } from 'fflate';
import { writeZip, type ZipEntry } from './zip.js';

const CONTENT_TYPES = '[Content_Types].xml';
const ROOT_RELS = '_rels/.rels';
const CORE_PROPERTIES_TYPE = 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties';

/**
 * The parts of a package by path: text (XML, relationships) or bytes. Text is
 * written as UTF-8; bytes are written as they are.
 */
type Parts = Map<string, string | Uint8Array>;

/**
 * Bytes as text, when writing the text as UTF-8 gives the same bytes back
 * (no byte order mark, no malformed sequence); undefined otherwise.
 */
function exactText(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
  const text = strFromU8(bytes);
  return text.includes('\uFFFD') ? undefined : text;
}

/**
 * The text of a part. Bytes that read back exactly are kept as text from
 * then on, so that later steps (and the zip writer's memo) see text.
 */
function textOf(parts: Parts, name: string): string {
  const data = parts.get(name)!;
  if (typeof data === 'string') return data;
  const exact = exactText(data);
  if (exact === undefined) return strFromU8(data);
  parts.set(name, exact);
  return exact;
}

/** Relationship ids that writers derive from counters; anything else (nanoid, uuid) is renamed. */
const COUNTER_ID = /^rId([0-9]+)$/;

/** An `Id` attribute whose value is not a counter id (a superset of the relationship ids that get renamed). */
const ANY_OTHER_ID = /\sId="(?!rId[0-9]+")/;

/** The part a relationships part belongs to: `word/_rels/document.xml.rels` → `word/document.xml`. */
function sourcePartOf(relsPath: string): string | undefined {
  const match = /^(.*?)_rels\/([^/]+)\.rels$/.exec(relsPath);
  if (!match) return undefined;
  const name = match[2]!;
  return name === '' ? undefined : `${match[1]}${name}`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Renames random relationship ids in one relationships part, in order of
 * appearance, to `rIdN` numbers above the ones already used, and applies the
 * same renaming to the attribute values of the part the relationships belong to.
 */
function renumberRelationships(parts: Parts, relsPath: string): void {
  const rels = textOf(parts, relsPath);
  // Most writers number every id (`rId1`…): then there is nothing to rename.
  if (!ANY_OTHER_ID.test(rels)) return;
  const ids = [...rels.matchAll(/<Relationship\b[^>]*?\sId="([^"]*)"/g)].map((m) => m[1]!);
  let next = 1 + Math.max(0, ...ids.map((id) => Number(COUNTER_ID.exec(id)?.[1] ?? 0)));
  const renamed = new Map<string, string>();
  for (const id of ids) {
    if (!COUNTER_ID.test(id) && !renamed.has(id)) renamed.set(id, `rId${next++}`);
  }
  if (renamed.size === 0) return;
  // Only whole attribute values are replaced: random ids are long enough that
  // an equal value that is not a relationship reference does not occur.
  const pattern = new RegExp(`="(${[...renamed.keys()].map(escapeRegExp).join('|')})"`, 'g');
  const rewrite = (xml: string): string => xml.replace(pattern, (_all, id: string) => `="${renamed.get(id)!}"`);
  parts.set(relsPath, rewrite(rels));
  const source = sourcePartOf(relsPath);
  if (source !== undefined && parts.has(source)) parts.set(source, rewrite(textOf(parts, source)));
}

/** W3CDTF with whole seconds, as Office writes it. */
function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

/** Sets `dcterms:created` and `dcterms:modified` of the core-properties part, wherever the package keeps it. */
function pinCoreDates(parts: Parts, created: Date): void {
  if (!parts.has(ROOT_RELS)) return;
  for (const rel of textOf(parts, ROOT_RELS).matchAll(/<Relationship\b[^>]*\/?>/g)) {
    if (!rel[0].includes(`Type="${CORE_PROPERTIES_TYPE}"`)) continue;
    const target = /\sTarget="\/?([^"]*)"/.exec(rel[0])?.[1];
    if (target === undefined || !parts.has(target)) continue;
    const stamp = w3cdtf(created);
    const xml = textOf(parts, target).replace(
      /<([A-Za-z_][\w.-]*):(created|modified)\b([^>]*)>[^<]*<\/\1:\2>/g,
      (_all, prefix: string, name: string, attrs: string) => `<${prefix}:${name}${attrs}>${stamp}</${prefix}:${name}>`,
    );
    parts.set(target, xml);
  }
}

/** The MS-DOS date and time fields of a zip entry for an instant, read in UTC and clamped to 1980–2107. */
export function dosDateTime(instant: Date): { date: number; time: number } {
  const min = Date.UTC(1980, 0, 1);
  const max = Date.UTC(2107, 11, 31, 23, 59, 58);
  const t = new Date(Math.min(max, Math.max(min, instant.getTime())));
  return {
    date: ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | (t.getUTCSeconds() >> 1),
  };
}

/** Orders parts as Office does at the front (content types, root relationships), the rest by name. */
function compareParts(a: string, b: string): number {
  const rank = (name: string): number => (name === CONTENT_TYPES ? 0 : name === ROOT_RELS ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A writer's own fix to one XML part (`name` is its path in the package):
 * returns the part's new text, or the text unchanged.
 */
export type PartEdit = (name: string, xml: string) => string;

/** Parts whose text is compressed; anything else (images are already compressed) is stored: faster and just as small. */
const DEFLATED = /\.(xml|rels|vml)$/i;

/**
 * Writes an OOXML package so that identical content gives identical bytes:
 * random relationship ids become `rIdN` in every `*.rels` part and the part it
 * belongs to, core-property dates become `created`, entries are sorted, and
 * every entry carries `created` (UTC, never before 1980) as its time. `edit`,
 * when given, first rewrites each XML part (the writer's own fixes).
 *
 * `parts` are the package's parts as a writer made them, text or bytes; the
 * result depends only on their content, never on the order they come in or
 * on what was written before in the process.
 */
export function writeOfficePackage(parts: Iterable<readonly [string, string | Uint8Array]>, created: Date, edit?: PartEdit): Uint8Array {
  const work: Parts = new Map(parts);
  if (edit) {
    for (const name of [...work.keys()]) {
      if (!/\.(xml|rels)$/i.test(name)) continue;
      const xml = textOf(work, name);
      const edited = edit(name, xml);
      if (edited !== xml) work.set(name, edited);
    }
  }
  const names = [...work.keys()].sort(compareParts);
  for (const name of names) {
    if (name.endsWith('.rels')) renumberRelationships(work, name);
  }
  pinCoreDates(work, created);
  const entries: ZipEntry[] = names.map((name) => {
    const level = DEFLATED.test(name) ? 6 : 0;
    // Text is what the zip writer's memo recognises; bytes of XML are read as text when that is exact.
    const data = work.get(name)!;
    return { name, data: level === 6 && typeof data !== 'string' ? (exactText(data) ?? data) : data, level };
  });
  return writeZip(entries, dosDateTime(created));
}

/**
 * Rewrites a zipped OOXML package as `writeOfficePackage` writes its parts
 * (for writers that only give a zip file).
 */
export function normalizeOfficePackage(bytes: Uint8Array, created: Date, edit?: PartEdit): Uint8Array {
  return writeOfficePackage(Object.entries(unzipSync(bytes)), created, edit);
}
