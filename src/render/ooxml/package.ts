/**
 * Makes an Office Open XML package (.docx, .pptx, .xlsx) byte-reproducible:
 * deterministic relationship ids, pinned core-property dates, a fixed entry
 * order and zip entry times that do not depend on the clock or the time zone.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

const CONTENT_TYPES = '[Content_Types].xml';
const ROOT_RELS = '_rels/.rels';
const CORE_PROPERTIES_TYPE = 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties';

/** Relationship ids that writers derive from counters; anything else (nanoid, uuid) is renamed. */
const COUNTER_ID = /^rId([0-9]+)$/;

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
function renumberRelationships(parts: Map<string, Uint8Array>, relsPath: string): void {
  const rels = strFromU8(parts.get(relsPath)!);
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
  parts.set(relsPath, strToU8(rewrite(rels)));
  const source = sourcePartOf(relsPath);
  const sourceBytes = source === undefined ? undefined : parts.get(source);
  if (source !== undefined && sourceBytes !== undefined) parts.set(source, strToU8(rewrite(strFromU8(sourceBytes))));
}

/** W3CDTF with whole seconds, as Office writes it. */
function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

/** Sets `dcterms:created` and `dcterms:modified` of the core-properties part, wherever the package keeps it. */
function pinCoreDates(parts: Map<string, Uint8Array>, created: Date): void {
  const rootRels = parts.get(ROOT_RELS);
  if (!rootRels) return;
  for (const rel of strFromU8(rootRels).matchAll(/<Relationship\b[^>]*\/?>/g)) {
    if (!rel[0].includes(`Type="${CORE_PROPERTIES_TYPE}"`)) continue;
    const target = /\sTarget="\/?([^"]*)"/.exec(rel[0])?.[1];
    const bytes = target === undefined ? undefined : parts.get(target);
    if (target === undefined || bytes === undefined) continue;
    const stamp = w3cdtf(created);
    const xml = strFromU8(bytes).replace(
      /<([A-Za-z_][\w.-]*):(created|modified)\b([^>]*)>[^<]*<\/\1:\2>/g,
      (_all, prefix: string, name: string, attrs: string) => `<${prefix}:${name}${attrs}>${stamp}</${prefix}:${name}>`,
    );
    parts.set(target, strToU8(xml));
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

/**
 * Overwrites the modification time of every entry, in the local headers and
 * the central directory. fflate converts `mtime` with local-time getters, so
 * the fields are written here instead, from UTC, the same in every time zone.
 */
function stampEntryTimes(zip: Uint8Array, instant: Date): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const { date, time } = dosDateTime(instant);
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('zip without an end of central directory record');
  const count = view.getUint16(eocd + 10, true);
  let entry = view.getUint32(eocd + 16, true);
  for (let n = 0; n < count; n++) {
    if (view.getUint32(entry, true) !== 0x02014b50) throw new Error('malformed zip central directory');
    view.setUint16(entry + 12, time, true);
    view.setUint16(entry + 14, date, true);
    const local = view.getUint32(entry + 42, true);
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    entry += 46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
  }
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

/**
 * Rewrites an OOXML package so that identical content gives identical bytes:
 * random relationship ids become `rIdN` in every `*.rels` part and the part it
 * belongs to, core-property dates become `created`, entries are sorted, and
 * every entry carries `created` (UTC, never before 1980) as its time. `edit`,
 * when given, first rewrites each XML part (one unzip for the writer's fixes
 * and the normalisation).
 */
export function normalizeOfficePackage(bytes: Uint8Array, created: Date, edit?: PartEdit): Uint8Array {
  const parts = new Map(Object.entries(unzipSync(bytes)));
  if (edit) {
    for (const [name, data] of parts) {
      if (!/\.(xml|rels)$/i.test(name)) continue;
      const xml = strFromU8(data);
      const edited = edit(name, xml);
      if (edited !== xml) parts.set(name, strToU8(edited));
    }
  }
  for (const name of [...parts.keys()].sort(compareParts)) {
    if (name.endsWith('.rels')) renumberRelationships(parts, name);
  }
  pinCoreDates(parts, created);
  const files: Zippable = {};
  for (const name of [...parts.keys()].sort(compareParts)) {
    const data = parts.get(name)!;
    // Images and other binaries are already compressed; storing them is faster and just as small.
    files[name] = [data, { level: /\.(xml|rels|vml)$/i.test(name) ? 6 : 0 }];
  }
  const zip = zipSync(files, { mtime: Date.UTC(1980, 0, 2) });
  stampEntryTimes(zip, created);
  return zip;
}
