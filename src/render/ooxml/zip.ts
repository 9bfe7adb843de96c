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
 * Compressed entries by entry name, each name's texts most recently used
 * first. Parts that do not depend on the item (styles, themes, relationship
 * parts, masters) are the same from one package to the next; item text is
 * seen once and ages out. Looking up by name first compares a text only with
 * the few texts seen under its name (most differ in length, which is a cheap
 * test), instead of hashing every text of every package.
 */
const memo = new Map<string, Remembered[]>();
/**
 * Bounds of the memo: texts kept per name, and UTF-16 code units of text kept
 * in all. A shared part has one text (or one per language or theme in use),
 * found first; item text never recurs, so keeping more of it per name only
 * grew a long batch's memory (16 → 4: ~10 MB less at 1,000 items, same bytes).
 */
const MEMO_MAX_PER_NAME = 4;
const MEMO_MAX_CHARS = 8 * 1024 * 1024;
let memoChars = 0;

function remember(name: string, entry: Remembered): void {
  const texts = memo.get(name) ?? [];
  memo.delete(name);
  memo.set(name, texts);
  texts.unshift(entry);
  memoChars += entry.text.length;
  if (texts.length > MEMO_MAX_PER_NAME) memoChars -= texts.pop()!.text.length;
  // Over the size bound, whole names go, least recently used first.
  for (const [key, list] of memo) {
    if (memoChars <= MEMO_MAX_CHARS) break;
    memo.delete(key);
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
  const texts = memo.get(name);
  if (texts) {
    const index = texts.findIndex((known) => known.level === level && known.text.length === text.length && known.text === text);
    if (index >= 0) {
      const known = texts[index]!;
      if (index > 0) texts.unshift(...texts.splice(index, 1));
      // The name moves to the end: names are dropped least recently used first.
      memo.delete(name);
      memo.set(name, texts);
      return known.packed;
    }
  }
  // Stored text is kept as it is packed, so it gets bytes of its own.
  const packed = pack(level === 0 ? strToU8(text) : encodeText(text), level);
  remember(name, { text, level, packed });
  return packed;
}

/** Empties the memo (for tests: a package must not depend on what was packed before). */
export function clearZipMemo(): void {
  memo.clear();
  memoChars = 0;
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
  const names = entries.map((e) => strToU8(e.name));
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
