/**
 * The zip writer of OOXML packages: the same bytes as fflate's `zipSync`
 * (entry layout, header fields, DEFLATE streams as fflate's `deflateSync`
 * writes them, see deflate.ts),
 * with every entry dated from one UTC instant, and the compressed form of
 * entries seen before taken from a per-process memo instead of deflated again.
 *
 * Deflating is a pure function of an entry's bytes and level, so the memo
 * can only change the time a package takes, never its bytes: a package is
 * the same whatever was written before it in the process.
 */
import { strToU8 } from 'fflate';
import { crc32 } from 'node:zlib';
import { deflateLevel6 } from './deflate.js';
import { RecentLists } from './recent.js';

/** One entry of a zip file: its bytes (or text, written as UTF-8) and its DEFLATE level (0 stores it). */
export interface ZipEntry {
  name: string;
  data: string | Uint8Array;
  level: 0 | 6;
}

/** An entry's compressed form: what goes between its headers. */
interface Packed {
  crc: number;
  size: number;
  data: Uint8Array;
  compression: 0 | 8;
}

/** An entry's text and level with its compressed form. */
interface Remembered {
  text: string;
  level: 0 | 6;
  packed: Packed;
}

/**
 * Bounds of the memo: texts kept per name, and UTF-16 code units of text kept
 * in all. A shared part has one text per language, marking or theme in use
 * (a deck's layouts carry the marking in its language: ~15 texts each in the
 * bench's batch), found first; only texts seen twice are kept, so the bound
 * is what recurs, not what passes through.
 */
const MEMO_MAX_PER_NAME = 16;
const MEMO_MAX_CHARS = 8 * 1024 * 1024;
/**
 * Compressed entries by entry name, each name's texts most recently used
 * first. Parts that do not depend on the item (styles, themes, relationship
 * parts, masters) are the same from one package to the next; item text is
 * seen once. Looking up by name first compares a text only with the few
 * texts seen under its name (most differ in length, which is a cheap test),
 * instead of hashing every text of every package.
 *
 * A text is kept only once it has been packed twice (see `seenOnce`): item
 * text never comes again, and keeping it for the next few packages only made
 * V8 copy it out of the young generation and collect it from the old one.
 */
const memo = new RecentLists<Remembered>(MEMO_MAX_PER_NAME);
let memoChars = 0;

/** Fingerprints kept per name, and names kept (least recently used go first). */
const SEEN_MAX_PER_NAME = 32;
const SEEN_MAX_NAMES = 4096;
/**
 * The texts packed once, by entry name, as fingerprints (CRC-32 of the
 * bytes, length and level): a text whose fingerprint is here when it is
 * packed again is kept in the memo. A fingerprint only decides what is kept;
 * the memo itself compares whole texts, so two texts with the same
 * fingerprint cannot be confused.
 */
const seenOnce = new RecentLists<{ crc: number; length: number; level: 0 | 6 }>(SEEN_MAX_PER_NAME, SEEN_MAX_NAMES);

/** Whether a text packed to `packed` was packed before (under `name`), remembering it now if not. */
function seenBefore(name: string, level: 0 | 6, length: number, packed: Packed): boolean {
  if (seenOnce.find(name, (print) => print.crc === packed.crc && print.length === length && print.level === level, true)) return true;
  seenOnce.add(name, { crc: packed.crc, length, level });
  return false;
}

function remember(name: string, entry: Remembered): void {
  memoChars += entry.text.length;
  const dropped = memo.add(name, entry);
  if (dropped) memoChars -= dropped.text.length;
  // Over the size bound, whole names go, least recently used first.
  while (memoChars > MEMO_MAX_CHARS) {
    const list = memo.dropOldest();
    if (!list) break;
    for (const old of list) memoChars -= old.text.length;
  }
}

function pack(data: Uint8Array, level: 0 | 6): Packed {
  return level === 0
    ? { crc: crc32(data), size: data.length, data, compression: 0 }
    : { crc: crc32(data), size: data.length, data: deflateLevel6(data), compression: 8 };
}

const encoder = new TextEncoder();
/** Where text to deflate is encoded (its bytes are not kept: only the compressed form is). */
let textBytes = new Uint8Array(1 << 16);

/** Text as UTF-8 in `textBytes` (valid until the next call). */
function encodeText(text: string): Uint8Array {
  // Three bytes per UTF-16 code unit at most.
  if (textBytes.length < text.length * 3) textBytes = new Uint8Array(Math.max(text.length * 3, textBytes.length * 2));
  const { written } = encoder.encodeInto(text, textBytes);
  return textBytes.subarray(0, written);
}

/** The compressed form of an entry, from the memo when its text was packed at this level before. */
function packEntry(entry: ZipEntry): Packed {
  const { name, data: text, level } = entry;
  if (typeof text !== 'string') return pack(text, level);
  const known = memo.find(name, (remembered) => remembered.level === level && remembered.text.length === text.length && remembered.text === text);
  if (known) return known.packed;
  // Stored text is kept as it is packed, so it gets bytes of its own.
  const packed = pack(level === 0 ? strToU8(text) : encodeText(text), level);
  if (seenBefore(name, level, text.length, packed)) remember(name, { text, level, packed });
  return packed;
}

/** Empties the memo (for tests: a package must not depend on what was packed before). */
export function clearZipMemo(): void {
  memo.clear();
  seenOnce.clear();
  memoChars = 0;
}

/** Entry names as UTF-8, by name: a package's ~80 names are the same in every package of its kind (only read, never changed). */
const names = new Map<string, Uint8Array>();
const NAMES_MAX = 4096;

function nameBytes(name: string): Uint8Array {
  let bytes = names.get(name);
  if (bytes === undefined) {
    bytes = strToU8(name);
    if (names.size >= NAMES_MAX) names.clear();
    names.set(name, bytes);
  }
  return bytes;
}

/**
 * Writes a zip file of the entries, in the order given, every entry dated
 * with the MS-DOS `date` and `time` fields given. Byte for byte what fflate's
 * `zipSync` writes for the same entries and levels (no extra fields, no
 * comments, version 2.0, the UTF-8 flag on names that need it) when its
 * `mtime` reads as that date and time; `zipSync` reads `mtime` in local time,
 * so the fields are given here instead, the same in every time zone.
 */
export function writeZip(entries: readonly ZipEntry[], dos: { date: number; time: number }): Uint8Array {
  const names = entries.map((e) => nameBytes(e.name));
  const packed = entries.map(packEntry);
  let localSize = 0;
  let centralSize = 0;
  for (let i = 0; i < entries.length; i++) {
    localSize += 30 + names[i]!.length + packed[i]!.data.length;
    centralSize += 46 + names[i]!.length;
  }
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let local = 0;
  let central = localSize;
  for (let i = 0; i < entries.length; i++) {
    const name = names[i]!;
    const p = packed[i]!;
    const utf8 = name.length !== entries[i]!.name.length ? 0x800 : 0;
    // The fields both headers share, from "version needed" to the name's length.
    const common = (at: number): void => {
      view.setUint16(at, 20, true);
      view.setUint16(at + 2, utf8, true);
      view.setUint16(at + 4, p.compression, true);
      view.setUint16(at + 6, dos.time, true);
      view.setUint16(at + 8, dos.date, true);
      view.setUint32(at + 10, p.crc, true);
      view.setUint32(at + 14, p.data.length, true);
      view.setUint32(at + 18, p.size, true);
      view.setUint16(at + 22, name.length, true);
    };
    // Local file header.
    view.setUint32(local, 0x04034b50, true);
    common(local + 4);
    out.set(name, local + 30);
    out.set(p.data, local + 30 + name.length);
    // Central directory header: version made by 2.0 (MS-DOS), no comment, no attributes.
    view.setUint32(central, 0x02014b50, true);
    view.setUint16(central + 4, 20, true);
    common(central + 6);
    view.setUint32(central + 42, local, true);
    out.set(name, central + 46);
    local += 30 + name.length + p.data.length;
    central += 46 + name.length;
  }
  // End of central directory record.
  view.setUint32(central, 0x06054b50, true);
  view.setUint16(central + 8, entries.length, true);
  view.setUint16(central + 10, entries.length, true);
  view.setUint32(central + 12, centralSize, true);
  view.setUint32(central + 16, localSize, true);
  return out;
}
